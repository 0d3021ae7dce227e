using EcommerceMl.Artifacts;
using EcommerceMl.Cli;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Postgres.Tests;

/// <summary>
/// A fresh database run through the whole loop once per test class, exactly as a user would:
/// `ecml db migrate`, `ecml db load --from synthetic`, `ecml train --data postgres://…` for each
/// task, `ecml predict batch` for recommendations and the forecast.
/// </summary>
public sealed class TrainedShop : IAsyncLifetime
{
    public const string Recommendations = "shop-recommendations";
    public const string Sales = "shop-sales";
    public const string Churn = "shop-churn";

    private readonly TemporaryFolder _store = new();
    private Task? _ready;

    public PostgresDatabase Database { get; } = new();

    /// <summary>The loop's today: three days after the test shop's last day, so its forecast is two days stale.</summary>
    public static DateOnly Today { get; } = DateOnly.FromDateTime(TestShops.Options.StartDate).AddDays(TestShops.Options.Days + 2);

    public static TimeProvider Clock { get; } = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));

    public string Store => _store.Path;

    public List<string> Log { get; } = [];

    public ValueTask InitializeAsync() => Database.InitializeAsync();

    /// <summary>Skips (or fails on CI) without a server; otherwise runs the loop the first time it is asked.</summary>
    public Task ReadyAsync()
    {
        Database.Require();
        return _ready ??= RunLoopAsync();
    }

    public Task<(int Exit, string Output, string Error)> PredictAsync(string model) =>
        Ecml.RunAsync(Clock, "predict", "batch", "--db", Database.Url, "--store", Store, "--model", model);

    internal async Task<StoredModel> ModelAsync(string model) =>
        await StoredModel.LoadAsync(ModelStores.Open(Store), model, null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        _store.Dispose();
    }

    private async Task RunLoopAsync()
    {
        var url = Database.Url;
        await StepAsync("db", "migrate", "--db", url);
        await StepAsync(TestShops.LoadArguments(url));
        await StepAsync("train", "--task", "recommendation", "--algorithm", "item-cosine", "--data", url, "--store", Store, "--model", Recommendations);
        await StepAsync("train", "--task", "forecast", "--data", url, "--store", Store, "--model", Sales);
        await StepAsync("train", "--task", "churn", "--data", url, "--store", Store, "--model", Churn);
        await StepAsync("predict", "batch", "--db", url, "--store", Store, "--model", Recommendations);
        await StepAsync("predict", "batch", "--db", url, "--store", Store, "--model", Sales);
    }

    private async Task StepAsync(params string[] args)
    {
        var (exit, output, error) = await Ecml.RunAsync(Clock, args);
        Log.Add($"$ ecml {string.Join(' ', args)}\n{output}{error}");
        Assert.True(exit == 0, $"ecml {string.Join(' ', args)} exited {exit}: {error}");
    }
}
