using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>
/// Issue 15 item 5: a store that does not answer is a condition with a reason, never a reconcile that fails in
/// silence. A crash-looping canary is rolled back without the store; a finished TrainingJob does not stay Running.
/// </summary>
public sealed class StoreOutageTests : IDisposable
{
    private const string Ns = "shop";
    private const string Name = "shop-recs";
    private const string Stable = "shop-recs-predictor";
    private const string Canary = "shop-recs-predictor-canary";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCluster _cluster;
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-outage-");
    private readonly SwitchableModelStore _store;
    private readonly ModelDeploymentReconciler _deployments;
    private readonly TrainingJobReconciler _trainingJobs;

    public StoreOutageTests()
    {
        _cluster = new InMemoryCluster(_time);
        _store = new SwitchableModelStore(new LocalModelStore(_storeFolder.FullName));
        var settings = TestResources.Settings with { Store = _storeFolder.FullName };
        _deployments = new ModelDeploymentReconciler(_cluster, _ => _store, settings, _time, NullLogger<ModelDeploymentReconciler>.Instance);
        _trainingJobs = new TrainingJobReconciler(_cluster, _ => _store, settings, _time, NullLogger<TrainingJobReconciler>.Instance);
    }

    public void Dispose() => _storeFolder.Delete(recursive: true);

    private async Task<ModelDeployment> ReconcileDeploymentAsync()
    {
        await _deployments.ReconcileAsync(Ns, Name, Ct);
        return (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;
    }

    private Task MarkRolledOutAsync(string name) => _cluster.SetStatusAsync<V1Deployment>(Ns, name, d => d.Status = new V1DeploymentStatus
    {
        ObservedGeneration = d.Metadata.Generation, Replicas = d.Spec.Replicas, UpdatedReplicas = d.Spec.Replicas, ReadyReplicas = d.Spec.Replicas, AvailableReplicas = d.Spec.Replicas,
    });

    private async Task AddCrashingPodAsync(V1Deployment deployment)
    {
        var pod = await _cluster.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{deployment.Metadata.Name}-x7k2p", NamespaceProperty = Ns, Labels = deployment.Spec.Template.Metadata.Labels },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = ModelDeploymentBuilder.ContainerName }] },
        }, Ct);
        await _cluster.SetStatusAsync<V1Pod>(Ns, pod.Metadata.Name, p => p.Status = new V1PodStatus
        {
            Phase = "Running",
            ContainerStatuses = [new V1ContainerStatus { Name = ModelDeploymentBuilder.ContainerName, RestartCount = 4, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = "back-off 40s" } } }],
        });
    }

    [Fact]
    public async Task ACrashLoopingCanary_IsRolledBack_WhileTheStoreIsDown_AndTheConditionSaysWhy_UntilItAnswers()
    {
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", V1, 0.3, cancellationToken: Ct);
        var md = TestResources.ModelDeployment(Name, spec =>
        {
            spec.Replicas = 4;
            spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, CanaryTrafficPercent = 25, AnalysisSeconds = 300 };
        });
        md.Metadata.Uid = null;
        await _cluster.CreateAsync(md, Ct);
        await ReconcileDeploymentAsync();
        await MarkRolledOutAsync(Stable);
        await ReconcileDeploymentAsync();
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", V2, 0.3, cancellationToken: Ct);
        await ReconcileDeploymentAsync();
        await AddCrashingPodAsync((await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct))!);
        _store.Down = true;

        var result = await _deployments.ReconcileAsync(Ns, Name, Ct);
        var rolledBack = (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;

        Assert.Null(await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct));
        Assert.Equal(ModelDeploymentReasons.CrashLoopBackOff, Conditions.Find(rolledBack.Status!.Conditions, ModelDeploymentConditions.RolledBack)!.Reason);
        Assert.Equal(V1, rolledBack.Status.CurrentVersion);
        var store = Conditions.Find(rolledBack.Status.Conditions, StoreConditions.StoreAvailable)!;
        Assert.Equal((ConditionStatus.False, StoreConditions.StoreUnavailable), (store.Status, store.Reason));
        Assert.Contains("Connection refused", store.Message, StringComparison.Ordinal);
        Assert.Single(_cluster.Events, e => e.Event is { Type: ClusterEvent.Warning, Reason: StoreConditions.StoreUnavailable });
        Assert.NotNull(result.RequeueAfter);

        _store.Down = false;
        var recovered = await ReconcileDeploymentAsync();

        Assert.Null(Conditions.Find(recovered.Status!.Conditions, StoreConditions.StoreAvailable));
    }

    [Fact]
    public async Task APinnedDeployment_WithTheStoreDown_ReportsItAndLooksAgain_NotReadyWithNothingServing()
    {
        _store.Down = true;
        var md = TestResources.ModelDeployment(Name, spec => spec.Version = V1);
        md.Metadata.Uid = null;
        await _cluster.CreateAsync(md, Ct);

        var result = await _deployments.ReconcileAsync(Ns, Name, Ct);
        var read = (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;

        Assert.Equal(StoreConditions.StoreUnavailable, Conditions.Find(read.Status!.Conditions, ModelDeploymentConditions.Ready)!.Reason);
        Assert.Equal(StoreConditions.StoreUnavailable, Conditions.Find(read.Status.Conditions, StoreConditions.StoreAvailable)!.Reason);
        Assert.NotNull(result.RequeueAfter);
    }

    [Fact]
    public async Task ATrainingJobWhoseJobCompleted_IsNotLeftRunning_WhileTheStoreIsDown_AndRecordsItsVersionOnceItAnswers()
    {
        var trainingJob = TestResources.TrainingJob("shop-recs-1");
        trainingJob.Metadata.Uid = null;
        await _cluster.CreateAsync(trainingJob, Ct);
        await _trainingJobs.ReconcileAsync(Ns, "shop-recs-1", Ct);
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", V1, 0.3, trainingJob: $"{Ns}/shop-recs-1", cancellationToken: Ct);
        var job = Assert.Single(await _cluster.ListAsync<V1Job>(Ns, new Dictionary<string, string>(), Ct));
        await _cluster.SetStatusAsync<V1Job>(Ns, job.Metadata.Name, j => j.Status = new V1JobStatus
        {
            Succeeded = 1, Conditions = [new V1JobCondition { Type = "Complete", Status = "True", Reason = "CompletionsReached" }],
        });
        _store.Down = true;

        var result = await _trainingJobs.ReconcileAsync(Ns, "shop-recs-1", Ct);
        var finished = (await _cluster.GetAsync<TrainingJob>(Ns, "shop-recs-1", Ct))!;

        Assert.NotEqual(TrainingJobPhases.Running, finished.Status!.Phase);
        Assert.Contains("cannot be reached", finished.Status.Message, StringComparison.Ordinal);
        Assert.Contains(finished.Status.Conditions!, c => c.Reason == StoreConditions.StoreUnavailable);
        Assert.Null(finished.Status.ModelVersion);
        Assert.NotNull(result.RequeueAfter);

        _store.Down = false;
        await _trainingJobs.ReconcileAsync(Ns, "shop-recs-1", Ct);
        var recorded = (await _cluster.GetAsync<TrainingJob>(Ns, "shop-recs-1", Ct))!;

        Assert.Equal((TrainingJobPhases.Succeeded, V1), (recorded.Status!.Phase, recorded.Status.ModelVersion));
    }
}
