using EcommerceMl.Artifacts;

namespace EcommerceMl.Cli.Tests.Retrain;

/// <summary>A folder store with versions published as a trainer would, with chosen triggers, gates and champion comparisons.</summary>
internal sealed class StoreFixture : IDisposable
{
    public const string Metric = "ndcg_at_10";

    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-retrain-").FullName;

    public StoreFixture() => Store = new LocalModelStore(Path.Combine(_folder, "store"));

    public LocalModelStore Store { get; }

    public string Location => Store.Root;

    public string Folder => _folder;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public Task<ModelManifest> PublishAsync(
        string model, string version, double ndcg, string? trigger = TrainingTriggers.Manual, GateResult? gate = null, ChampionComparison? champion = null,
        string task = "recommendation", DateTime? dataTo = null) =>
        Store.PublishAsync(
            new ModelManifest
            {
                Model = model,
                Version = version,
                Task = task,
                Algorithm = "item-cosine",
                CreatedAt = ModelVersions.TryGetTimestamp(version)!.Value,
                TrainingJob = $"default/{model}-1",
                Trigger = trigger,
                Data = new DataFingerprint("synthetic", new string('0', 64), new Dictionary<string, long> { ["orders"] = 1000 }, dataTo?.AddDays(-90), dataTo),
                Metrics = new Dictionary<string, double> { [Metric] = ndcg },
                Gate = gate,
                Champion = champion,
                Files = new Dictionary<string, string>(),
            },
            new Dictionary<string, byte[]> { ["model.bin"] = [1, 2, 3] },
            TestContext.Current.CancellationToken);

    public static GateResult Gate(double value, double minimum = 0.1) => new(Metric, GateResult.Minimum, minimum, value, value >= minimum);

    public static ChampionComparison Champion(string version, double championValue, double challengerValue, double tolerance = 0.01) =>
        new(version, Metric, GateResult.Minimum, championValue, challengerValue, tolerance, challengerValue >= championValue - tolerance);
}
