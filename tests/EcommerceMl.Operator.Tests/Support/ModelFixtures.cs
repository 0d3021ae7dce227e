using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>Models, manifests and monitoring reports for the Model's planner, reconciler and scenario tests.</summary>
internal static class ModelFixtures
{
    public const string Name = "shop-recs";

    public static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static Model Model(Action<ModelSpec>? configure = null, string name = Name)
    {
        var model = new Model
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", Uid = $"uid-{name}", Generation = 1, CreationTimestamp = Created.UtcDateTime },
            Spec = new ModelSpec
            {
                Task = ModelTask.Recommendation,
                Training = new ModelTrainingSpec { Algorithm = AlgorithmCatalogue.ItemCosine, DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } },
                Triggers = new ModelTriggers(),
            },
        };
        configure?.Invoke(model.Spec);
        return model;
    }

    /// <summary>A servable manifest of <paramref name="version"/> (created at the version's timestamp).</summary>
    public static ModelManifest Manifest(string version = "20261101T000000Z-aaaaaa", double ndcg = 0.3, string model = Name) => new()
    {
        Model = model,
        Version = version,
        Task = ModelTask.Recommendation,
        Algorithm = AlgorithmCatalogue.ItemCosine,
        CreatedAt = ModelVersions.TryGetTimestamp(version)!.Value,
        // Published from the fixtures' namespace, as the operator's trainers record it.
        Namespace = "shop",
        Data = new DataFingerprint("synthetic", new string('0', 64), new Dictionary<string, long> { ["orders"] = 100 }, null, null),
        Metrics = new Dictionary<string, double> { ["ndcg_at_10"] = ndcg },
        Files = new Dictionary<string, string>(),
    };

    /// <summary>A report on <paramref name="version"/> checked at <paramref name="checkedAt"/>, drifted in <paramref name="drifted"/> of features a, b, c and d.</summary>
    public static MonitoringReport Report(
        string version, DateTimeOffset checkedAt, string[]? drifted = null, long orders = 0, long events = 0, bool degraded = false, bool predictionDrift = false, string model = Name)
    {
        drifted ??= [];
        var features = new[] { "category", "basket_size", "price", "recency" }
            .Select(f => new FeatureDrift(f, "numeric", DriftMethods.Psi, drifted.Contains(f) ? 0.4 : 0.01, 0.1, 5000, 2000, true, drifted.Contains(f)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        return new MonitoringReport
        {
            Model = model,
            Version = version,
            Task = ModelTask.Recommendation,
            CheckedAt = checkedAt,
            Window = new MonitoringWindow(checkedAt.AddDays(-7), checkedAt, ["synthetic"]),
            Drift = new DriftResult(drifted.Length > 0, drifted.Length / 4.0, features),
            PredictionDrift = new FeatureDrift("prediction", "categorical", DriftMethods.JensenShannon, predictionDrift ? 0.3 : 0.01, 0.1, 5000, 2000, true, predictionDrift),
            Performance = new RealizedPerformance("ndcg_at_10", degraded ? 0.1 : 0.29, 0.3, 800, 0.15, degraded),
            NewData = new NewDataCount(checkedAt.AddDays(-3), orders, events),
        };
    }
}
