using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>
/// A Kubernetes API server for tests: Kestrel on 127.0.0.1 with a free port, serving the
/// resources in <see cref="ServedResource.All"/> with the semantics in README.md, so the real
/// KubernetesClient can talk to it. Tests play the controllers (Job, Deployment, kubelet) by
/// writing /status, and use the hooks to force bookmarks, closed watches and 410 Gone.
/// </summary>
internal sealed partial class ApiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ApiStore _store;
    private readonly ApiWrites _writes;
    private readonly ApiReads _reads;

    private ApiTestServer(WebApplication app, ApiStore store)
    {
        _app = app;
        _store = store;
        _writes = new ApiWrites(store);
        _reads = new ApiReads(store);
        app.Run(HandleAsync);
    }

    public Uri Address { get; private set; } = null!;

    private int _lists;

    /// <summary>Collection GETs served (not watches): how a test sees a relist.</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>The last resourceVersion handed out.</summary>
    public long ResourceVersion => _store.CurrentVersion;

    public static async Task<ApiTestServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new ApiTestServer(builder.Build(), new ApiStore(time ?? TimeProvider.System));
        await server._app.StartAsync().ConfigureAwait(false);
        server.Address = new Uri(server._app.Urls.Single());
        return server;
    }

    /// <summary>A real KubernetesClient pointed at this server.</summary>
    public Kubernetes Client() => new(new KubernetesClientConfiguration { Host = Address.ToString().TrimEnd('/') });

    /// <summary>Polls (with a deadline) until at least <paramref name="count"/> watches are open, so a test can act on a watch in flight.</summary>
    public async Task WaitForOpenWatchesAsync(int count, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (_store.OpenWatches < count)
        {
            await Task.Delay(5, deadline.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fault injection: called before every request; when it returns true the request is taken as answered (or
    /// abandoned) by the fault, e.g. a list held longer than the client's timeout, or a 500.
    /// </summary>
    public Func<HttpContext, Task<bool>>? Fault { get; set; }

    /// <summary>Open watches that asked for bookmarks each send one, carrying the current resourceVersion.</summary>
    public void SendBookmarks() => _store.RequestBookmarks();

    /// <summary>Open watches end; one that has sent nothing yet closes without a line.</summary>
    public void CloseWatches() => _store.CloseWatches();

    /// <summary>Forgets history: watches from an earlier resourceVersion get 410 Expired.</summary>
    public void Compact() => _store.Compact();

    public async ValueTask DisposeAsync()
    {
        _store.CloseWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (Fault is { } fault && await fault(context).ConfigureAwait(false))
        {
            return;
        }

        var request = context.Request;
        var query = request.Query;
        var path = ApiPath.Parse(request.Path.Value ?? "");
        Record(request, path);
        if (path is null)
        {
            await RespondAsync(context, StatusBodies.UnknownResource()).ConfigureAwait(false);
            return;
        }

        var (r, ns, name, sub) = path;
        var (selector, selectorError) = Selector.Parse(query["labelSelector"], query["fieldSelector"]);
        ApiResult result;
        if (selector is null)
        {
            result = StatusBodies.BadRequest(selectorError!);
        }
        else if (name is null && request.Method == "GET" && query["watch"] == "true")
        {
            var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            await new WatchStream(_store, r, ns, selector).RunAsync(context, query["resourceVersion"], query["allowWatchBookmarks"] == "true", timeout).ConfigureAwait(false);
            return;
        }
        else
        {
            result = (request.Method, name) switch
            {
                ("GET", null) => CountedList(r, ns, selector),
                ("POST", null) when ns is not null => _writes.Create(r, ns, await BodyAsync(request).ConfigureAwait(false)),
                ("GET", not null) => _reads.Get(r, ns!, name),
                ("PUT", not null) => _writes.Update(r, ns!, name, await BodyAsync(request).ConfigureAwait(false), sub == "status"),
                ("PATCH", not null) => await PatchAsync(r, ns!, name, sub == "status", request).ConfigureAwait(false),
                ("DELETE", not null) when sub is null => _writes.Delete(r, ns!, name),
                _ => new ApiResult(405, StatusBodies.BadRequest($"{request.Method} is not supported on {request.Path}").Body),
            };
        }

        await RespondAsync(context, result).ConfigureAwait(false);
    }

    private ApiResult CountedList(ServedResource r, string? ns, Selector selector)
    {
        Interlocked.Increment(ref _lists);
        return _reads.List(r, ns, selector);
    }

    private static async Task<JsonObject> BodyAsync(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body).ConfigureAwait(false))?.AsObject() ?? [];

    private static async Task RespondAsync(HttpContext context, ApiResult result)
    {
        context.Response.StatusCode = result.Code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.Body.ToJsonString()).ConfigureAwait(false);
    }
}
