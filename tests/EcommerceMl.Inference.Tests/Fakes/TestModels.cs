using EcommerceMl.Artifacts;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>The small shop every test serves: three products per category, three customers, one model per task.</summary>
internal static class TestModels
{
    public const string Recs = "recs";
    public const string Sales = "sales";
    public const string Churn = "churn";
    public const string V1 = "20261120T000000Z-aaaaaa";
    public const string V2 = "20261122T000000Z-bbbbbb";
    public static readonly DateOnly LastObserved = new(2026, 11, 21);

    public static FakeRecommender Recommender(string algorithm = "item-cosine") => new()
    {
        Algorithm = algorithm,
        Products =
        [
            new("p1", "Espresso beans", "coffee", 12.5),
            new("p2", "Filter papers", "coffee", 3.0),
            new("p3", "Milk frother", "kitchen", 25.0),
            new("p4", "Tea sampler", "tea", 9.0),
            new("p5", "Gift card", "gifts", 20.0),
        ],
        Purchases = new Dictionary<string, IReadOnlyList<string>>
        {
            ["c1"] = ["p1", "p2"],
            ["c2"] = ["p1", "p3"],
            ["c3"] = ["p1", "p2", "p4"],
        },
        CoBought = new Dictionary<string, IReadOnlyList<SimilarProduct>>
        {
            ["p1"] = [new("p2", 0.8, 2), new("p3", 0.5, 1), new("p4", 0.4, 1)],
            ["p2"] = [new("p1", 0.8, 2)],
        },
    };

    public static FakeForecaster Forecaster() => new()
    {
        LastObservedDate = LastObserved,
        LevelByScope = new Dictionary<string, double>
        {
            ["shop"] = 1000,
            ["category:coffee"] = 400,
            ["product:p1"] = 120,
        },
    };

    public static FakeChurnModel ChurnModel() => new()
    {
        Customers = new Dictionary<string, ChurnFeatures>
        {
            ["c1"] = new(150, 1, 40, 400, false),
            ["c2"] = new(10, 6, 80, 900, true),
        },
    };

    public static IReadOnlyList<ITaskPipeline> Pipelines() =>
    [
        new FakePipeline<FakeRecommender>(ModelTask.Recommendation, "popularity", "item-cosine"),
        new FakePipeline<FakeForecaster>(ModelTask.Forecast, "seasonal-naive"),
        new FakePipeline<FakeChurnModel>(ModelTask.Churn, "logistic"),
        new EcommerceMl.Ml.Search.SearchPipeline(),
    ];

    /// <summary>A store holding recs, sales and churn, one version each.</summary>
    public static async Task<InMemoryModelStore> StoreWithAllAsync()
    {
        var store = new InMemoryModelStore();
        await PublishAsync(store, Recs, V1, Recommender(), new Dictionary<string, double> { ["precision_at_10"] = 0.21, ["ndcg_at_10"] = 0.3 });
        await PublishAsync(store, Sales, V1, Forecaster(), new Dictionary<string, double> { ["mase"] = 0.9 });
        await PublishAsync(store, Churn, V1, ChurnModel(), new Dictionary<string, double> { ["auc"] = 0.81 });
        return store;
    }

    public static Task<ModelManifest> PublishAsync(
        InMemoryModelStore store, string name, string version, ITrainedModel model, IReadOnlyDictionary<string, double>? metrics = null, GateResult? gate = null)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return PublishBytesAsync(store, name, version, model.Task, model.Algorithm, stream.ToArray(), metrics, gate);
    }

    public static Task<ModelManifest> PublishBytesAsync(
        InMemoryModelStore store, string name, string version, string task, string algorithm, byte[] modelBin, IReadOnlyDictionary<string, double>? metrics = null, GateResult? gate = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var manifest = new ModelManifest
        {
            Model = name,
            Version = version,
            Task = task,
            Algorithm = algorithm,
            CreatedAt = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero),
            Data = new DataFingerprint("synthetic", "abc123", new Dictionary<string, long> { ["orders"] = 3 }, null, null),
            Metrics = metrics ?? new Dictionary<string, double>(),
            Gate = gate,
            Files = new Dictionary<string, string>(),
        };
        return store.PublishAsync(manifest, new Dictionary<string, byte[]> { [ITrainedModel.FileName] = modelBin });
    }
}
