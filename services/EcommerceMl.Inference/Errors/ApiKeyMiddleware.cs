using System.Security.Cryptography;
using System.Text;
using EcommerceMl.Inference.OpenInference;
using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Errors;

/// <summary>
/// The optional API key for use outside the cluster: with <see cref="InferenceOptions.ApiKey"/> set, a request
/// must carry it in <see cref="InferenceOptions.ApiKeyHeader"/> or gets 401. Probes and the scrape stay open
/// (/healthz, /readyz, /metrics, /v2/health/*) so Kubernetes and Prometheus need no secret. Compared in fixed
/// time so the answer's timing does not leak the key. The storefront's publishable
/// <see cref="InferenceOptions.EventsKey"/> opens the two routes a shop page needs — POST /v1/events and GET
/// /v1/tracker.js, and their CORS preflights — and nothing else.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<InferenceOptions> options, IProblemDetailsService problems)
{
    private static readonly string[] OpenPaths = ["/healthz", "/readyz", "/metrics", "/v2/health"];

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);
    public const string EventsKeyParameter = "eventsKey";
    public const string EventsKeyHeader = "X-Events-Key";

    private static readonly PathString EventsPath = new("/v1/events");
    private static readonly PathString TrackerPath = new("/v1/tracker.js");

    private readonly string _header = options.Value.ApiKeyHeader;
    private readonly byte[]? _eventsKey = string.IsNullOrEmpty(options.Value.EventsKey) ? null : Encoding.UTF8.GetBytes(options.Value.EventsKey);

    // Not async: a request that passes (every request when no key is set) goes on without a state machine of its own.
    public Task InvokeAsync(HttpContext context) =>
        _key is null || IsOpen(context.Request.Path) || Matches(context) || CarriesEventsKey(context) ? next(context) : RefuseAsync(context);

    /// <summary>A storefront request (events, the tracker, their preflights) with the publishable events key.</summary>
    private bool CarriesEventsKey(HttpContext context)
    {
        if (_eventsKey is null)
        {
            return false;
        }

        var (path, method) = (context.Request.Path, context.Request.Method);
        var storefront = (path.Equals(EventsPath, StringComparison.OrdinalIgnoreCase) && (HttpMethods.IsPost(method) || HttpMethods.IsOptions(method)))
            || (path.Equals(TrackerPath, StringComparison.OrdinalIgnoreCase) && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)));
        var given = context.Request.Query[EventsKeyParameter].FirstOrDefault() ?? context.Request.Headers[EventsKeyHeader].FirstOrDefault();
        return storefront && given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _eventsKey);
    }

    private static bool IsOpen(PathString path)
    {
        foreach (var open in OpenPaths)
        {
            if (path.StartsWithSegments(open, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async Task RefuseAsync(HttpContext context)
    {
        var given = context.Request.Headers.ContainsKey(_header);
        var message = given
            ? $"The API key in the {_header} header is not valid."
            : $"This server needs an API key: send it in the {_header} header.";
        if (_eventsKey is not null && (context.Request.Query.ContainsKey(EventsKeyParameter) || context.Request.Headers.ContainsKey(EventsKeyHeader)))
        {
            message = $"The events key opens only POST {EventsPath} and GET {TrackerPath}, and only when it is the one configured; {message}";
        }
        if (ProtocolResults.IsProtocolPath(context.Request.Path))
        {
            await ProtocolResults.WriteAsync(context, StatusCodes.Status401Unauthorized, message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "API key required.", Detail = message },
        });
    }

    private bool Matches(HttpContext context) =>
        context.Request.Headers[_header].FirstOrDefault() is { } value
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), _key);
}
