using System.Net;
using System.Text.Json.Nodes;
using EcommerceMl.Artifacts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace EcommerceMl.Operator.Local.Gateway;

/// <summary>
/// <c>ecml up --listen URL</c>: one address in front of every ModelDeployment of local mode, as an Ingress
/// would be on a cluster. Requests are routed by <see cref="GatewayRoutes"/> and forwarded by YARP's
/// forwarder (streaming bodies, hop-by-hop headers handled); <c>GET /v1/models</c> merges every
/// backend's list, so a client sees one server with all the models.
/// </summary>
public sealed class LocalGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GatewayBackends _backends;
    private readonly HttpMessageInvoker _forwarding;
    private readonly HttpClient _client;

    private LocalGateway(WebApplication app, GatewayBackends backends)
    {
        _app = app;
        _backends = backends;
        _forwarding = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        _client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Url { get; private set; } = "";

    public static async Task<LocalGateway> StartAsync(string url, LocalCluster cluster, IModelStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton(loggers);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new LocalGateway(app, new GatewayBackends(cluster, store));
        app.Run(gateway.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            // Invalid input, said in one line: most often another `make run` or `ecml serve` holds the port.
            throw new ArgumentException($"--listen {url}: {e.Message} Stop what listens there, or choose another address (PORT=9090 make run).", e);
        }

        gateway.Url = app.Urls.First().TrimEnd('/');
        return gateway;
    }

    /// <summary>Whether every ModelDeployment answers by now (and there is at least one).</summary>
    public async Task<bool> AllReadyAsync(CancellationToken cancellationToken)
    {
        var backends = await _backends.ListAsync(cancellationToken).ConfigureAwait(false);
        return backends.Count > 0 && backends.All(b => b.Address is not null);
    }

    /// <summary>curl lines that answer through the gateway: each backend's own examples (<c>GET /v1/examples</c>), rewritten to this address.</summary>
    public async Task<IReadOnlyList<string>> ExampleRequestsAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string> { $"curl -s {Url}/readyz", $"curl -s {Url}/v1/models" };
        foreach (var backend in (await _backends.ListAsync(cancellationToken).ConfigureAwait(false)).Where(b => b.Address is not null))
        {
            try
            {
                var answer = await _client.GetFromJsonNodeAsync(new Uri(backend.Address!, "/v1/examples?baseUrl=" + Uri.EscapeDataString(Url)), cancellationToken).ConfigureAwait(false);
                lines.AddRange((answer?["requests"]?.AsArray() ?? []).Select(n => n?.GetValue<string>()).OfType<string>()
                    .Where(l => !l.EndsWith("/readyz'", StringComparison.Ordinal) && !l.EndsWith("/v1/models'", StringComparison.Ordinal)));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
            {
                // A backend restarting just now contributes no examples; the gateway still routes to it later.
            }
        }

        return lines.Distinct(StringComparer.Ordinal).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forwarding.Dispose();
        _client.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (backends, decision) = await DecideAsync(context, avoid: null).ConfigureAwait(false);
        if (decision.Target is { Address: { } address } target)
        {
            var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
            var error = await forwarder.SendAsync(context, address.ToString(), _forwarding, ForwarderRequestConfig.Empty, HttpTransformer.Default).ConfigureAwait(false);
            if (error != ForwarderError.None && NeverReachedTheBackend(context))
            {
                // Once more, to another replica when the Service lists one: a server stopping between the route and
                // the connection (a rollout's old replica), or one that just died, refuses it.
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
                if ((await DecideAsync(context, avoid: address).ConfigureAwait(false)).Decision.Target is { Address: { } next } again)
                {
                    target = again;
                    error = await forwarder.SendAsync(context, next.ToString(), _forwarding, ForwarderRequestConfig.Empty, HttpTransformer.Default).ConfigureAwait(false);
                }
            }

            if (error != ForwarderError.None && !context.Response.HasStarted)
            {
                await ProblemAsync(context, 502, $"ModelDeployment '{target.Deployment}' did not answer ({error}); it may be restarting.").ConfigureAwait(false);
            }

            return;
        }

        if (decision.Merge is { } list)
        {
            await MergeAsync(context, list, backends).ConfigureAwait(false);
            return;
        }

        await ProblemAsync(context, decision.Status ?? 500, decision.Message ?? "").ConfigureAwait(false);
    }

    private async Task<(IReadOnlyList<GatewayBackend> Backends, GatewayDecision Decision)> DecideAsync(HttpContext context, Uri? avoid)
    {
        var backends = await _backends.ListAsync(context.RequestAborted, avoid).ConfigureAwait(false);
        return (backends, GatewayRoutes.Decide(context.Request.Path.Value ?? "/", context.Request.Query["model"].FirstOrDefault(), backends));
    }

    /// <summary>
    /// The connection to the backend was never made (refused, most often): it saw nothing of the request, so sending
    /// it again is safe whatever its method, as an Ingress passes a request to the next upstream on a connect error.
    /// A request that reached a backend is never sent twice.
    /// </summary>
    private static bool NeverReachedTheBackend(HttpContext context) =>
        !context.Response.HasStarted
        && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } };

    private async Task MergeAsync(HttpContext context, MergedList list, IReadOnlyList<GatewayBackend> backends)
    {
        var merged = new JsonObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var array in list.Arrays)
        {
            merged[array] = new JsonArray();
        }

        var ready = backends.Count > 0;
        foreach (var backend in backends)
        {
            JsonNode? answer = null;
            if (backend.Address is not null)
            {
                try
                {
                    answer = await _client.GetFromJsonNodeAsync(new Uri(backend.Address, list.Path), context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    answer = null;
                }
            }

            ready &= answer is not null && answer["ready"]?.GetValue<bool>() != false;
            foreach (var array in list.Arrays)
            {
                // A model served by two ModelDeployments (a stable one and its canary) at one version is listed once.
                foreach (var item in answer?[array] as JsonArray ?? [])
                {
                    if (seen.Add($"{array}:{item?["name"] ?? item?["model"]}@{item?["version"]}"))
                    {
                        merged[array]!.AsArray().Add(item?.DeepClone());
                    }
                }
            }
        }

        if (list == MergedList.Models)
        {
            merged["ready"] = ready;
        }

        await context.Response.WriteAsJsonAsync(merged, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task ProblemAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        return status == 200
            ? context.Response.WriteAsJsonAsync(new JsonObject { ["status"] = detail }, context.RequestAborted)
            : context.Response.WriteAsJsonAsync(
                new JsonObject { ["status"] = status, ["title"] = ReasonPhrases.GetReasonPhrase(status), ["detail"] = detail },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}

internal static class JsonNodeRequests
{
    public static async Task<JsonNode?> GetFromJsonNodeAsync(this HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonNode.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
