using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>
/// A trainer (any image a TrainingJob names) may print a Secret's value; its termination message
/// must not carry it into status.message or a Warning Event, which the view role reads.
/// </summary>
public sealed class TrainingJobSecretsTests : IDisposable
{
    private const string Ns = "shop";
    private const string Name = "shop-recs-1";
    private const string SecretValue = "sk_live_51HxQz8LkT2mB9vYp3Rw";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCluster _cluster;
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
    private readonly TrainingJobReconciler _reconciler;

    public TrainingJobSecretsTests()
    {
        _cluster = new InMemoryCluster(_time);
        var store = new LocalModelStore(_storeFolder.FullName);
        _reconciler = new TrainingJobReconciler(_cluster, _ => store, TestResources.Settings with { Store = _storeFolder.FullName }, _time,
            NullLogger<TrainingJobReconciler>.Instance);
    }

    public void Dispose() => _storeFolder.Delete(recursive: true);

    [Theory]
    [InlineData(2, TrainingJobReasons.InvalidSpec)]
    [InlineData(1, TrainingJobReasons.BackoffLimitExceeded)]
    public async Task Reconcile_WhenTheTrainerPrintedASecret_StatusAndEventsCarryItMasked(int exitCode, string reason)
    {
        var trainingJob = TestResources.TrainingJob(Name, spec => spec.DataSource = new DataSourceSpec
        {
            Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db", Key = "url" } },
        });
        trainingJob.Metadata.Uid = null;
        await _cluster.CreateAsync(trainingJob, Ct);
        await _reconciler.ReconcileAsync(Ns, Name, Ct);
        var job = Assert.Single(await _cluster.ListAsync<V1Job>(Ns, new Dictionary<string, string>(), Ct));
        await _cluster.SetStatusAsync<V1Job>(Ns, job.Metadata.Name, j => j.Status = new V1JobStatus
        {
            Failed = 1,
            Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = exitCode == 2 ? "PodFailurePolicy" : "BackoffLimitExceeded", Message = "Job has reached the specified backoff limit" }],
        });
        var pod = await _cluster.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{job.Metadata.Name}-x7k2p", NamespaceProperty = Ns, Labels = new Dictionary<string, string> { [TrainingJobReconciler.JobNameLabel] = job.Metadata.Name } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "trainer" }] },
        }, Ct);
        await _cluster.SetStatusAsync<V1Pod>(Ns, pod.Metadata.Name, p => p.Status = new V1PodStatus
        {
            Phase = "Failed",
            ContainerStatuses = [new V1ContainerStatus { Name = "trainer", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated
            {
                ExitCode = exitCode,
                Message = $"reading data from {SecretValue}\nerror: unknown data source '{SecretValue}': expected 'synthetic'",
            } } }],
        });

        await _reconciler.ReconcileAsync(Ns, Name, Ct);
        var status = (await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct))!.Status!;

        Assert.Equal(reason, EcommerceMl.Operator.Status.Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Contains("unknown data source '***'", status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, status.Message, StringComparison.Ordinal);
        Assert.All(status.Conditions ?? [], c => Assert.DoesNotContain(SecretValue, c.Message ?? string.Empty, StringComparison.Ordinal));
        var warning = Assert.Single(_cluster.Events, e => e.Event.Type == ClusterEvent.Warning);
        Assert.Contains("unknown data source '***'", warning.Event.Message, StringComparison.Ordinal);
        Assert.All(_cluster.Events, e => Assert.DoesNotContain(SecretValue, e.Event.Message, StringComparison.Ordinal));
    }
}
