using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Monitoring;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer.Tests.Monitoring;

/// <summary>
/// A version trained on a synthetic shop up to a cutoff and monitored on the shop's days after it:
/// the same generating process throughout, so its window is unshifted traffic unless a test shifts it.
/// </summary>
internal sealed record MonitoringScenario(ShopData Shop, DateTime Cutoff, ModelManifest Manifest, ITrainedModel Model)
{
    public int WindowLength { get; init; } = WindowDays;

    /// <summary>Ten months (no December in the window), 2,000 customers: about 2,000 orders in the last 60 days.</summary>
    public static SyntheticShopOptions Options(int seed) => new() { Seed = seed, Customers = 2_000, Products = 300, Days = 330 };

    public const int WindowDays = 60;

    /// <summary>About 1,550 orders: the per-order features sit just above the default minimum sample of 1,500 rows.</summary>
    public const int MinimumSampleWindowDays = 52;

    public static MonitoringScenario Train(int seed, string task = ModelTask.Recommendation, string? algorithm = null, SyntheticShopOptions? options = null, int windowDays = WindowDays)
    {
        var shop = SyntheticShop.Generate(options ?? Options(seed));
        return TrainOn(shop, seed, task, algorithm, windowDays);
    }

    /// <summary>A version trained on <paramref name="shop"/> (shifted or not) up to its last <paramref name="windowDays"/> days.</summary>
    public static MonitoringScenario TrainOn(ShopData shop, int seed, string task = ModelTask.Recommendation, string? algorithm = null, int windowDays = WindowDays)
    {
        var end = shop.Orders.Max(o => o.OrderedAt).Date.AddDays(1);
        var cutoff = end.AddDays(-windowDays);
        var train = windowDays == 0 ? shop : TemporalSplit.At(shop, cutoff).Train;
        var pipeline = TaskPipelines.All.First(p => p.Task == task);
        var outcome = pipeline.Train(new TrainingRequest(train, algorithm ?? pipeline.Algorithms[0], new Dictionary<string, string>()) { Seed = seed });
        var trainerOptions = new TrainerOptions { Task = task, Data = "synthetic", Store = "unused", Model = "shop-" + task };
        var manifest = ManifestBuilder.Build(trainerOptions, $"20260101T000000Z-{seed:x6}", new DateTimeOffset(cutoff, TimeSpan.Zero), ShopDataFingerprint.Compute(train), outcome);
        return new MonitoringScenario(shop, cutoff, manifest, outcome.Model) { WindowLength = windowDays };
    }

    /// <summary>Monitors the version on <paramref name="live"/> (default: the unshifted shop) as of the day after its data ends.</summary>
    public MonitoringReport Monitor(ShopData? live = null, MonitoringSettings? settings = null, DateTimeOffset? now = null, IReadOnlySet<string>? lateOrders = null)
    {
        live ??= Shop;
        now ??= new DateTimeOffset(live.Orders.Max(o => o.OrderedAt).Date.AddDays(1), TimeSpan.Zero);
        return MonitoringPipeline.Run(
            new MonitoringInput(Manifest, Model, live, ["synthetic"], LateOrders: lateOrders), settings ?? new MonitoringSettings { WindowDays = WindowLength }, now.Value);
    }
}
