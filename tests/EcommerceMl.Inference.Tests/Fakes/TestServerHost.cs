using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Training;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>The real server (InferenceApp.Build) on an in-memory TestServer, with the test's store and pipelines.</summary>
internal sealed class TestServerHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private TestServerHost(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ModelRegistry Registry => App.Services.GetRequiredService<ModelRegistry>();

    /// <summary>Starts the server; models load in the background (see <see cref="WaitUntilReadyAsync"/>).</summary>
    public static async Task<TestServerHost> StartAsync(
        InMemoryModelStore store,
        IReadOnlyDictionary<string, string?>? settings = null,
        IEnumerable<ITaskPipeline>? pipelines = null,
        string environment = "Production",
        Action<WebApplicationBuilder>? configure = null)
    {
        var app = InferenceApp.Build(["--environment", environment], store, pipelines ?? TestModels.Pipelines(), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ecml:Inference:StoreRetryInitialDelay"] = "00:00:00.010",
                ["Ecml:Inference:StoreRetryMaxDelay"] = "00:00:00.050",

                // Hot swap is off unless a test turns it on (or calls the refresher itself).
                ["Ecml:Inference:RefreshInterval"] = "00:00:00",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            // Clock values (loadedAt) are fixed so assertions can name them; delays still pass in real time.
            builder.Services.AddSingleton<TimeProvider>(new RetryFriendlyClock(Now));
            configure?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestServerHost(app);
    }

    public static async Task<TestServerHost> StartReadyAsync(
        InMemoryModelStore store,
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Production",
        Action<WebApplicationBuilder>? configure = null)
    {
        var host = await StartAsync(store, settings, environment: environment, configure: configure);
        await host.WaitUntilReadyAsync();
        return host;
    }

    public Task WaitUntilReadyAsync() => Registry.WaitUntilReadyAsync(TestContext.Current.CancellationToken);

    /// <summary>Waits until the loader has settled a model (loaded or failed), for tests of failure.</summary>
    public async Task<ModelEntry> WaitForSettledAsync(string model)
    {
        while (true)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            if (Registry.Find(model) is { Status: not ModelStatus.Loading } entry)
            {
                return entry;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }

    /// <summary>Fixed wall-clock time for what the server records, real timers for the loader's backoff.</summary>
    internal sealed class RetryFriendlyClock(DateTimeOffset now) : TimeProvider
    {
        private readonly FakeTimeProvider _fixed = new(now);

        public override DateTimeOffset GetUtcNow() => _fixed.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime, period);
    }
}
