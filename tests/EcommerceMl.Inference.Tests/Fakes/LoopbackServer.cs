using EcommerceMl.Inference.Models;
using Microsoft.AspNetCore.Hosting;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>The real server on Kestrel at 127.0.0.1 (a free port), for clients outside the process: Prometheus, Chromium.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackServer(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public static async Task<LoopbackServer> StartReadyAsync(InMemoryModelStore store, Action<WebApplicationBuilder>? configure = null)
    {
        var app = InferenceApp.Build(["--environment", "Production"], store, TestModels.Pipelines(), b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Ecml:Inference:RefreshInterval"] = "00:00:00" });
            configure?.Invoke(b);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.Services.GetRequiredService<ModelRegistry>().WaitUntilReadyAsync(TestContext.Current.CancellationToken);
        return new LoopbackServer(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

/// <summary>A tool the test drives from the machine (Debian packages): skip without it, except under CI=1 where make test (scripts/test-setup.sh) installs it.</summary>
internal static class MachineTool
{
    public static string Require(string path, string install)
    {
        if (File.Exists(path))
        {
            return path;
        }

        var why = $"{path} is not installed: {install} (make test does this: scripts/test-setup.sh).";
        Assert.SkipWhen(Environment.GetEnvironmentVariable("CI") != "1", why);
        Assert.Fail($"CI=1 but {why}");
        return path;
    }
}
