using EcommerceMl.Artifacts;
using EcommerceMl.Inference;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Cli;

/// <summary>
/// The inference server started in-process for local mode, as `ecml serve` runs it: the same
/// application the ModelDeployment container runs, over a store on this machine.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private LocalServer(WebApplication app) => App = app;

    public WebApplication App { get; }

    private ModelRegistry Registry => App.Services.GetRequiredService<ModelRegistry>();

    /// <summary>The first address Kestrel actually bound (a port of 0 becomes the real one).</summary>
    public string BaseUrl => App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
        .Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

    public int ModelCount => Registry.Models.Count;

    public static async Task<LocalServer> StartAsync(IModelStore store, IReadOnlyList<string> models, string urls, CancellationToken cancellationToken)
    {
        var app = InferenceApp.Build([], store, TaskPipelines.All, builder =>
        {
            builder.WebHost.UseUrls(urls);
            builder.Configuration.AddInMemoryCollection(InferenceApp.ModelSettings(models));
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ArgumentException($"cannot listen on {urls}: the address is already in use (another `ecml serve`? choose another with --urls).", e);
        }

        return new LocalServer(app);
    }

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => Registry.WaitUntilReadyAsync(cancellationToken);

    /// <summary>True once every model is loaded; false when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task<bool> TryWaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Registry.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>curl lines with ids from the loaded models; each answers 200.</summary>
    public IReadOnlyList<string> ExampleRequests() => Inference.ExampleRequests.Build(
        Registry, BaseUrl, App.Services.GetRequiredService<IOptions<InferenceOptions>>().Value, App.Services.GetService<TimeProvider>());

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
