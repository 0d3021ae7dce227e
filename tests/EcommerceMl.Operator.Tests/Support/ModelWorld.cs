using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>
/// A Model against the in-memory cluster and a local store, on a fake clock, with the parts the
/// Model does not do played by hand: a run's TrainingJob finishing (its version published, its status
/// written as the TrainingJob reconciler would) and a monitoring Job (its report published, the Job complete).
/// </summary>
internal sealed class ModelWorld : IDisposable
{
    public const string Ns = "shop";
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-model-store-");

    public ModelWorld(DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));
        Cluster = new InMemoryCluster(Time);
        Store = new LocalModelStore(_storeFolder.FullName);
        Reconciler = NewReconciler();
    }

    public FakeTimeProvider Time { get; }

    public InMemoryCluster Cluster { get; }

    public LocalModelStore Store { get; }

    public ModelReconciler Reconciler { get; set; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A reconciler as a (re)started operator makes it: nothing carried over but the cluster and the store.</summary>
    public ModelReconciler NewReconciler() =>
        new(Cluster, _ => Store, TestResources.Settings with { Store = Store.Location }, Time, NullLogger<ModelReconciler>.Instance);

    public async Task<Model> ApplyAsync(Model model)
    {
        model.Metadata.Uid = null;
        model.Metadata.Generation = null;
        model.Metadata.CreationTimestamp = null;
        return await Cluster.CreateAsync(model, Ct);
    }

    public async Task<Model> ReconcileAsync(string name = ModelFixtures.Name)
    {
        LastResult = await Reconciler.ReconcileAsync(Ns, name, Ct);
        return (await Cluster.GetAsync<Model>(Ns, name, Ct))!;
    }

    public ReconcileResult? LastResult { get; private set; }

    public async Task<IReadOnlyList<TrainingJob>> RunsAsync() => await Cluster.ListAsync<TrainingJob>(Ns, new Dictionary<string, string>(), Ct);

    public async Task<IReadOnlyList<V1Job>> MonitoringJobsAsync() => await Cluster.ListAsync<V1Job>(Ns, new Dictionary<string, string>(), Ct);

    public IEnumerable<ClusterEventRecord> Events => Cluster.Events.Select(e => new ClusterEventRecord(e.Regarding, e.Event.Type, e.Event.Reason, e.Event.Message));

    /// <summary>The run publishes <paramref name="version"/> (servable unless it lost to the champion) and succeeds, as trainer and TrainingJob reconciler would report it.</summary>
    public async Task FinishRunAsync(string job, string version, double ndcg = 0.3, bool lostToChampion = false, string model = ModelFixtures.Name)
    {
        var manifest = ModelFixtures.Manifest(version, ndcg, model) with
        {
            TrainingJob = $"{Ns}/{job}",
            Champion = lostToChampion ? new ChampionComparison("champion", "ndcg_at_10", GateResult.Minimum, 0.35, ndcg, 0.01, Passed: false) : null,
        };
        await Store.PublishAsync(manifest, new Dictionary<string, byte[]> { ["model.bin"] = [1] }, Ct);
        await Cluster.SetStatusAsync<TrainingJob>(Ns, job, t => t.Status = new TrainingJobStatus
        {
            Phase = TrainingJobPhases.Succeeded,
            StartTime = Time.GetUtcNow().UtcDateTime.AddMinutes(-5),
            CompletionTime = Time.GetUtcNow().UtcDateTime,
            ModelVersion = version,
            Metrics = new Dictionary<string, double> { ["ndcg_at_10"] = ndcg },
            Message = $"Published {model} version {version}.",
        });
    }

    public Task FailRunAsync(string job) =>
        Cluster.SetStatusAsync<TrainingJob>(Ns, job, t => t.Status = new TrainingJobStatus
        {
            Phase = TrainingJobPhases.Failed,
            CompletionTime = Time.GetUtcNow().UtcDateTime,
            Message = "The trainer failed: out of memory.",
        });

    /// <summary>Publishes a version outside any run (as if trained before the Model existed).</summary>
    public Task PublishAsync(string version, string model = ModelFixtures.Name) =>
        Store.PublishAsync(ModelFixtures.Manifest(version, model: model), new Dictionary<string, byte[]> { ["model.bin"] = [1] }, Ct);

    /// <summary>The monitoring Job <paramref name="job"/> writes <paramref name="report"/> and completes.</summary>
    public async Task FinishMonitoringAsync(string job, MonitoringReport report)
    {
        await Store.PublishMonitoringReportAsync(report, Ct);
        await Cluster.SetStatusAsync<V1Job>(Ns, job, j => j.Status = new V1JobStatus
        {
            Succeeded = 1,
            CompletionTime = Time.GetUtcNow().UtcDateTime,
            Conditions = [new V1JobCondition { Type = "Complete", Status = "True", Reason = "CompletionsReached" }],
        });
    }

    public void Dispose() => _storeFolder.Delete(recursive: true);
}

internal sealed record ClusterEventRecord(string Regarding, string Type, string Reason, string Message);
