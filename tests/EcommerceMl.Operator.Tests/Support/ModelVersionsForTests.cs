using EcommerceMl.Artifacts;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>Publishes small model versions with chosen metrics (and gate) to a store, as a trainer would.</summary>
internal static class ModelVersionsForTests
{
    public const string Metric = "ndcg_at_10";

    /// <summary>The namespace the fixtures' trainers publish from unless a test names another: where most of them deploy.</summary>
    public const string Namespace = "shop";

    public static Task<ModelManifest> PublishAsync(
        IModelStore store, string model, string version, double ndcg, GateResult? gate = null, string? trainingJob = null, CancellationToken cancellationToken = default, ChampionComparison? champion = null, string? ns = Namespace) =>
        store.PublishAsync(
            new ModelManifest
            {
                Model = model,
                Version = version,
                Task = "recommendation",
                Algorithm = "item-cosine",
                CreatedAt = ModelVersions.TryGetTimestamp(version) ?? DateTimeOffset.UnixEpoch,
                TrainingJob = trainingJob,
                Namespace = ns,
                Data = new DataFingerprint("synthetic", new string('0', 64), new Dictionary<string, long> { ["orders"] = 100 }, null, null),
                Metrics = new Dictionary<string, double> { [Metric] = ndcg },
                Gate = gate,
                Champion = champion,
                Files = new Dictionary<string, string>(),
            },
            new Dictionary<string, byte[]> { ["model.bin"] = [1, 2, 3] },
            cancellationToken);

    /// <summary>A minimum gate on ndcg@10 and whether <paramref name="value"/> passed it.</summary>
    public static GateResult MinimumGate(double threshold, double value) => new(Metric, GateResult.Minimum, threshold, value, value >= threshold);
}
