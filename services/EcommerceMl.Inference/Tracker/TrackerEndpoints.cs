using System.Security.Cryptography;
using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EcommerceMl.Inference.Tracker;

/// <summary>
/// <c>GET /v1/tracker.js</c>: the storefront tracker a shop includes in its pages (embedded, dependency-free), cacheable
/// for an hour and revalidated by its ETag; and the CORS policy that lets the shop origins in
/// <see cref="InferenceOptions.TrackerOrigins"/> load it and post events.
/// </summary>
internal static class TrackerEndpoints
{
    public const string CorsPolicy = "ecml-tracker";
    public const string ContentType = "text/javascript; charset=utf-8";
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);

    private static readonly Lazy<(byte[] Bytes, string ETag)> Script = new(() =>
    {
        using var stream = typeof(TrackerEndpoints).Assembly.GetManifestResourceStream("EcommerceMl.Inference.Tracker.tracker.js")
            ?? throw new InvalidOperationException("The tracker script is not embedded in the assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var content = bytes.ToArray();
        return (content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
    });

    public static IEndpointRouteBuilder MapTracker(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/tracker.js", Serve)
            .WithTags("Events").WithName("Tracker")
            .WithSummary("The storefront tracker: a dependency-free script that sends schema v2 events to POST /v1/events (see the Inference README, \"Storefront tracker\").")
            .Produces(StatusCodes.Status200OK, contentType: "text/javascript")
            .Produces(StatusCodes.Status304NotModified)
            .RequireCors(CorsPolicy);
        return app;
    }

    internal static IResult Serve(HttpContext http)
    {
        var (bytes, etag) = Script.Value;
        var headers = http.Response.Headers;
        headers.CacheControl = $"public, max-age={(int)CacheFor.TotalSeconds}";
        headers.ETag = etag;
        headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(bytes, ContentType);
    }

    /// <summary>The tracker's CORS policy from the options: the listed origins (or any, for <c>*</c>), GET and POST with a JSON body, preflight cached for an hour.</summary>
    public static void AddPolicy(CorsOptions cors, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(cors);
        ArgumentNullException.ThrowIfNull(options);
        cors.AddPolicy(CorsPolicy, policy =>
        {
            if (options.TrackerOrigins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. options.TrackerOrigins]);
            }

            policy.WithMethods(HttpMethods.Get, HttpMethods.Post)
                .WithHeaders(HeaderNames.ContentType)
                .WithExposedHeaders(HeaderNames.RetryAfter)
                .SetPreflightMaxAge(CacheFor);
        });
    }
}
