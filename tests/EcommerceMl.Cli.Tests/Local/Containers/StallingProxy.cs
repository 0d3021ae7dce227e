using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Cli.Tests.Local.Containers;

/// <summary>
/// An HTTP pass-through in front of the S3 test server that, for the first request matching a
/// predicate, forwards it and then holds the answer until released: the write has happened but its
/// client does not know yet, so a test can kill the client exactly between one write and the next (a
/// trainer that stored a version's file but not its manifest). Every other request passes unchanged.
/// </summary>
internal sealed class StallingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly TaskCompletionSource<string> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holding;

    private StallingProxy(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    /// <summary>Completes with the held request's method and path once one arrives.</summary>
    public Task<string> Held => _held.Task;

    public static async Task<StallingProxy> StartAsync(Uri upstream, Func<HttpRequest, bool> hold)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new StallingProxy(app);
        app.Run(context => proxy.ForwardAsync(context, upstream, hold));
        await app.StartAsync();
        return proxy;
    }

    /// <summary>Lets the held request fail (its client is gone by then) and every later one through.</summary>
    public void Release() => _released.TrySetResult();

    private async Task ForwardAsync(HttpContext context, Uri upstream, Func<HttpRequest, bool> hold)
    {
        var holding = hold(context.Request) && Interlocked.Exchange(ref _holding, 1) == 0;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(upstream, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent()));
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        if (holding)
        {
            _held.TrySetResult($"{context.Request.Method} {context.Request.Path} ({(int)response.StatusCode} from S3, held)");
            await _released.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync().ConfigureAwait(false);
        _upstream.Dispose();
    }
}
