using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>
/// A shop whose models have lived a while, for the console: <c>recs</c> has four versions (the first, one that lost to
/// its champion, one whose gate failed, the one serving) and monitoring reports over a month, drifting on
/// <c>purchased_category</c> and losing accuracy before the drift retrain; <c>sales</c> forecasts from
/// <see cref="Now"/> with four weeks of purchase events in the sink behind it (one day of page views only: a real 0);
/// <c>churn</c> has one version and no reports. Every value the console must show is a constant here.
/// </summary>
internal static class ConsoleScenario
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly ForecastStart = new(2026, 12, 6);
    public static readonly DateOnly SalesDataEnd = new(2026, 11, 30);
    public static readonly DateOnly ZeroDay = new(2026, 11, 20);
    public const int HistoryDays = 28;
    public const int CustomerProducts = 27;
    public const string BigCustomer = "c-big";

    public const string First = "20261101T020000Z-a00001";
    public const string Lost = "20261115T020000Z-b00002";
    public const string GateFailed = "20261122T020000Z-c00003";
    public const string Serving = "20261129T020000Z-d00004";

    public const double ChampionValue = 0.25;
    public const double LostValue = 0.21;
    public const double FailedValue = 0.05;
    public const double GateMinimum = 0.1;
    public const double DriftThreshold = 0.1;

    /// <summary>Jensen–Shannon distance of purchased_category per check (the first four against <see cref="First"/>, then <see cref="Serving"/>).</summary>
    /// <summary>recency_days' score in every report: above the threshold, from too few rows to judge.</summary>
    public const double ThinRecencyScore = 0.35;

    public static readonly double[] CategoryDrift = [0.03, 0.05, 0.12, 0.18, 0.04, 0.03, 0.05];

    /// <summary>Realized ndcg_at_10 per check; the value at training is that version's held-out ndcg_at_10.</summary>
    public static readonly double[] RealizedNdcg = [0.24, 0.22, 0.19, 0.16, 0.26, 0.27, 0.265];

    public static readonly DateTimeOffset[] CheckedAt =
    [
        new(2026, 11, 5, 3, 0, 0, TimeSpan.Zero), new(2026, 11, 8, 3, 0, 0, TimeSpan.Zero), new(2026, 11, 11, 3, 0, 0, TimeSpan.Zero),
        new(2026, 11, 14, 3, 0, 0, TimeSpan.Zero), new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), new(2026, 12, 3, 3, 0, 0, TimeSpan.Zero),
        new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero),
    ];

    /// <summary>Shop revenue on a day of the sink's history: the forecaster's weekly swing around 1,000, whole (0 on <see cref="ZeroDay"/>).</summary>
    public static double Revenue(DateOnly day) => day == ZeroDay ? 0 : Math.Round(1000 * (1 + (0.15 * Math.Sin(2 * Math.PI * (int)day.DayOfWeek / 7))));

    public static FakeRecommender Recommender()
    {
        var products = Enumerable.Range(1, 30).Select(i => new ProductInfo($"p{i:00}", $"Product {i:00}", i % 2 == 0 ? "coffee" : "tea", 10 + i)).ToList();
        return new FakeRecommender
        {
            Products = products,
            Purchases = new Dictionary<string, IReadOnlyList<string>>
            {
                [BigCustomer] = [.. products.Take(CustomerProducts).Select(p => p.ProductId)],
                ["c1"] = ["p01", "p02"],
            },
            CoBought = new Dictionary<string, IReadOnlyList<SimilarProduct>>(),
        };
    }

    public static FakeForecaster Forecaster() => new()
    {
        LastObservedDate = SalesDataEnd,
        LevelByScope = new Dictionary<string, double> { ["shop"] = 1000, ["category:coffee"] = 450 },
        Spread = 250,
        WeeklySwing = 0.15,
    };

    public static async Task<InMemoryModelStore> StoreAsync()
    {
        var store = new InMemoryModelStore();
        var recs = Recommender();
        await PublishAsync(store, TestModels.Recs, First, recs, TrainingTriggers.Initial, Ndcg(ChampionValue), Gate(ChampionValue), champion: null);
        await PublishAsync(store, TestModels.Recs, Lost, recs, TrainingTriggers.DriftDetected, Ndcg(LostValue), Gate(LostValue),
            new ChampionComparison(First, "ndcg_at_10", GateResult.Minimum, ChampionValue, LostValue, 0.01, Passed: false));
        await PublishAsync(store, TestModels.Recs, GateFailed, recs, TrainingTriggers.Scheduled, Ndcg(FailedValue), Gate(FailedValue), champion: null);
        await PublishAsync(store, TestModels.Recs, Serving, recs, TrainingTriggers.DriftDetected, Ndcg(0.27), Gate(0.27),
            new ChampionComparison(First, "ndcg_at_10", GateResult.Minimum, 0.24, 0.27, 0.01, Passed: true));
        await PublishAsync(store, TestModels.Sales, TestModels.V1, Forecaster(), TrainingTriggers.Initial,
            new Dictionary<string, double> { ["mase"] = 0.91234, ["rmse"] = 643.527, ["coverage_80"] = 0.857 }, gate: null, champion: null);
        await PublishAsync(store, TestModels.Churn, TestModels.V1, TestModels.ChurnModel(), trigger: null,
            new Dictionary<string, double> { ["auc"] = 0.817, ["customers_trained"] = 1013, ["fit_seconds"] = 0.044 }, gate: null, champion: null);

        for (var i = 0; i < CheckedAt.Length; i++)
        {
            var version = i < 4 ? First : Serving;
            await store.PublishMonitoringReportAsync(Report(version, CheckedAt[i], CategoryDrift[i], RealizedNdcg[i], atTraining: i < 4 ? ChampionValue : 0.27));
        }

        return store;
    }

    /// <summary>Writes the sink's history: for each of the <see cref="HistoryDays"/> days before the forecast, one object of that day's events.</summary>
    public static async Task WriteEventsAsync(string sinkFolder)
    {
        var objects = EventObjectStores.Open(sinkFolder);
        for (var day = ForecastStart.AddDays(-HistoryDays); day < ForecastStart; day = day.AddDays(1))
        {
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            var events = new List<ShopEventRecord> { Event($"view-{day:yyyyMMdd}", EventSchema.PageView, at, lines: null) };
            if (day != ZeroDay)
            {
                // Two orders whose lines add up to the day's revenue; a retried copy of the first is dropped by id.
                var half = (decimal)(Revenue(day) / 2);
                var order = Event($"order-{day:yyyyMMdd}-1", EventSchema.Purchase, at, [new PurchaseLine("p01", 2, half / 2)]);
                events.AddRange([order, order, Event($"order-{day:yyyyMMdd}-2", EventSchema.Purchase, at.AddHours(3), [new PurchaseLine("p02", 1, half)])]);
            }

            await objects.PutAsync(EventSinkLayout.ObjectPath(at, "test", day.DayNumber), EventSinkReader.Encode(events.Select(EventJson.ToLine)), TestContext.Current.CancellationToken);
        }
    }

    private static ShopEventRecord Event(string id, string type, DateTimeOffset at, IReadOnlyList<PurchaseLine>? lines) => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = type,
        OccurredAt = at,
        ReceivedAt = at,
        SessionId = "s1",
        VisitorId = "v1",
        OrderId = lines is null ? null : id,
        Lines = lines,
    };

    private static Dictionary<string, double> Ndcg(double value) =>
        new() { ["ndcg_at_10"] = value, ["precision_at_10"] = 0.063, ["users_evaluated"] = 1013 };

    private static GateResult Gate(double value) => new("ndcg_at_10", GateResult.Minimum, GateMinimum, value, value >= GateMinimum);

    private static MonitoringReport Report(string version, DateTimeOffset checkedAt, double categoryDrift, double ndcg, double atTraining) => new()
    {
        Model = TestModels.Recs,
        Version = version,
        Task = ModelTask.Recommendation,
        CheckedAt = checkedAt,
        Window = new MonitoringWindow(checkedAt.AddDays(-7), checkedAt, ["events"]),
        Drift = new DriftResult(categoryDrift >= DriftThreshold, categoryDrift >= DriftThreshold ? 0.5 : 0,
        [
            new FeatureDrift("basket_size", "numeric", DriftMethods.Wasserstein, 0.02, DriftThreshold, 5000, 1200, Sufficient: true, Drifted: false),
            new FeatureDrift("purchased_category", "categorical", DriftMethods.JensenShannon, categoryDrift, DriftThreshold, 5000, 1200, Sufficient: true, Drifted: categoryDrift >= DriftThreshold),
            // Above the threshold, but from 14 rows: too few to judge, so never drifted (the chart must not draw it as a verdict).
            new FeatureDrift("recency_days", "numeric", DriftMethods.Psi, ThinRecencyScore, DriftThreshold, 5000, 14, Sufficient: false, Drifted: false),
        ]),
        Performance = new RealizedPerformance("ndcg_at_10", ndcg, atTraining, 420, 0.2, Degraded: ndcg < atTraining * 0.8),
        NewData = new NewDataCount(checkedAt.AddDays(-7), 300, 4000),
    };

    private static Task<ModelManifest> PublishAsync(
        InMemoryModelStore store, string name, string version, ITrainedModel model, string? trigger, IReadOnlyDictionary<string, double> metrics, GateResult? gate, ChampionComparison? champion)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        var manifest = new ModelManifest
        {
            Model = name,
            Version = version,
            Task = model.Task,
            Algorithm = model.Algorithm,
            CreatedAt = ModelVersions.TryGetTimestamp(version)!.Value,
            Trigger = trigger,
            Data = new DataFingerprint("synthetic", "abc123", new Dictionary<string, long> { ["orders"] = 3 }, null, SalesDataEnd.ToDateTime(TimeOnly.MinValue)),
            Metrics = metrics,
            Gate = gate,
            Champion = champion,
            Files = new Dictionary<string, string>(),
        };
        return store.PublishAsync(manifest, new Dictionary<string, byte[]> { [ITrainedModel.FileName] = stream.ToArray() });
    }
}
