using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>
/// <c>rollout.keepPrevious</c> through the reconciler on the in-memory cluster (the test plays the Deployment
/// controller): the version a promotion replaced stays running outside the Service, pinning it switches the Service
/// to those Pods in one reconcile, and the stable Deployment takes over again once it has rolled back.
/// </summary>
public sealed class ModelDeploymentPreviousTests : IDisposable
{
    private const string Ns = "shop";
    private const string Name = "shop-recs";
    private const string Stable = "shop-recs-predictor";
    private const string Canary = "shop-recs-predictor-canary";
    private const string Previous = "shop-recs-predictor-previous";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private const string V3 = "20261123T030000Z-cccccc";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCluster _cluster;
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-previous-");
    private readonly LocalModelStore _store;
    private readonly ModelDeploymentReconciler _reconciler;

    public ModelDeploymentPreviousTests()
    {
        _cluster = new InMemoryCluster(_time);
        _store = new LocalModelStore(_storeFolder.FullName);
        _reconciler = new ModelDeploymentReconciler(_cluster, _ => _store, TestResources.Settings with { Store = _storeFolder.FullName },
            _time, NullLogger<ModelDeploymentReconciler>.Instance);
    }

    public void Dispose() => _storeFolder.Delete(recursive: true);

    private static void KeepingPrevious(ModelDeploymentSpec spec)
    {
        spec.Version = V1;
        spec.Replicas = 2;
        spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, CanaryTrafficPercent = 50, KeepPrevious = true };
    }

    private async Task ChangeSpecAsync(Action<ModelDeploymentSpec> change)
    {
        var md = await ReadAsync();
        change(md.Spec);
        await _cluster.ReplaceAsync(md, Ct);
    }

    private async Task<ModelDeployment> ReadAsync() => (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;

    private async Task<ModelDeployment> ReconcileAsync()
    {
        await _reconciler.ReconcileAsync(Ns, Name, Ct);
        return await ReadAsync();
    }

    private Task<V1Deployment?> DeploymentAsync(string name) => _cluster.GetAsync<V1Deployment>(Ns, name, Ct);

    private async Task<IDictionary<string, string>> ServiceSelectorAsync() => (await _cluster.GetAsync<V1Service>(Ns, Name, Ct))!.Spec.Selector;

    private Task MarkRolledOutAsync(string name) => _cluster.SetStatusAsync<V1Deployment>(Ns, name, d => d.Status = new V1DeploymentStatus
    {
        ObservedGeneration = d.Metadata.Generation,
        Replicas = d.Spec.Replicas,
        UpdatedReplicas = d.Spec.Replicas,
        ReadyReplicas = d.Spec.Replicas,
        AvailableReplicas = d.Spec.Replicas,
    });

    private static V1Condition? Condition(ModelDeployment md, string type) => Conditions.Find(md.Status!.Conditions, type);

    /// <summary>v1 served, then v2 canaried and promoted (v1 the worse on the gate metric, so a switch back is not second-guessed by it).</summary>
    private async Task<ModelDeployment> PromotedV2Async(Action<ModelDeploymentSpec>? configure = null)
    {
        await ModelVersionsForTests.PublishAsync(_store, Name, V1, 0.2, cancellationToken: Ct);
        await ModelVersionsForTests.PublishAsync(_store, Name, V2, 0.3, cancellationToken: Ct);
        var md = TestResources.ModelDeployment(Name, s =>
        {
            KeepingPrevious(s);
            configure?.Invoke(s);
        });
        md.Metadata.Uid = null;
        await _cluster.CreateAsync(md, Ct);
        await ReconcileAsync();
        await MarkRolledOutAsync(Stable);
        await ReconcileAsync();
        await ChangeSpecAsync(s => s.Version = V2);
        await ReconcileAsync();
        await MarkRolledOutAsync(Canary);
        return await ReconcileAsync();
    }

    [Fact]
    public async Task AfterAPromotion_ThePreviousVersionKeepsRunning_OutsideTheService_AndPreviousReadySaysWhenItIsReady()
    {
        var promoted = await PromotedV2Async();

        var standby = (await DeploymentAsync(Previous))!;
        Assert.Equal((V2, V1), (promoted.Status!.CurrentVersion, promoted.Status.PreviousVersion));
        Assert.Equal((V1, 2), (PredictorHealth.VersionOf(standby), standby.Spec.Replicas));
        Assert.True(OwnerReferences.IsControlledBy(standby, promoted));
        var selector = await ServiceSelectorAsync();
        Assert.Equal(ModelDeploymentBuilder.Selector(promoted).OrderBy(l => l.Key), selector.OrderBy(l => l.Key));
        // The standby's Pods are not the Service's: the component label differs.
        Assert.False(selector.All(l => standby.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
        Assert.Equal(ConditionStatus.False, Condition(promoted, ModelDeploymentConditions.PreviousReady)!.Status);

        await MarkRolledOutAsync(Stable);
        await MarkRolledOutAsync(Previous);
        var ready = await ReconcileAsync();

        Assert.Equal(ConditionStatus.True, Condition(ready, ModelDeploymentConditions.PreviousReady)!.Status);
        Assert.Equal(ConditionStatus.True, Condition(ready, ModelDeploymentConditions.Ready)!.Status);
        Assert.Equal(TransitionStatuses.UpToDate, ready.Status!.ModelStatus!.TransitionStatus);
    }

    [Fact]
    public async Task PinningThePreviousVersion_WhileItIsKeptReady_SwitchesTheServiceToItInOneReconcile_ThenHandsBackToTheStableDeployment()
    {
        await PromotedV2Async();
        await MarkRolledOutAsync(Stable);
        await MarkRolledOutAsync(Previous);
        await ReconcileAsync();
        var eventsBefore = _cluster.Events.Count;

        await ChangeSpecAsync(s => s.Version = V1);
        var switched = await ReconcileAsync();

        // At once: no canary, the Service on the standby's ready Pods, the stable Deployment rolling back behind them.
        Assert.Null(await DeploymentAsync(Canary));
        Assert.Equal((V1, V2, null), (switched.Status!.CurrentVersion, switched.Status.PreviousVersion, switched.Status.CandidateVersion));
        Assert.Equal(ModelDeploymentBuilder.PreviousSelector(switched).OrderBy(l => l.Key), (await ServiceSelectorAsync()).OrderBy(l => l.Key));
        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Previous))!));
        Assert.Contains(_cluster.Events.Skip(eventsBefore), e => e.Event.Reason == ModelDeploymentReasons.SwitchedToPrevious);
        Assert.Equal(ConditionStatus.True, Condition(switched, ModelDeploymentConditions.PredictorReady)!.Status);
        Assert.Contains(Previous, Condition(switched, ModelDeploymentConditions.PredictorReady)!.Message, StringComparison.Ordinal);
        Assert.Equal(TransitionStatuses.InProgress, switched.Status.ModelStatus!.TransitionStatus);

        // A new version meanwhile waits: a canary now would get no traffic.
        await ModelVersionsForTests.PublishAsync(_store, Name, V3, 0.4, cancellationToken: Ct);
        await ChangeSpecAsync(s => s.Version = V3);
        var held = await ReconcileAsync();
        Assert.Null(held.Status!.CandidateVersion);
        Assert.Null(await DeploymentAsync(Canary));
        await ChangeSpecAsync(s => s.Version = V1);

        await MarkRolledOutAsync(Stable);
        var handedBack = await ReconcileAsync();

        // The stable Deployment serves v1 again: the Service selects it, and the standby keeps the version just left.
        Assert.Equal(ModelDeploymentBuilder.Selector(handedBack).OrderBy(l => l.Key), (await ServiceSelectorAsync()).OrderBy(l => l.Key));
        Assert.Equal(V2, PredictorHealth.VersionOf((await DeploymentAsync(Previous))!));
        Assert.Equal(ConditionStatus.False, Condition(handedBack, ModelDeploymentConditions.PreviousReady)!.Status);
    }

    [Fact]
    public async Task PinningThePreviousVersion_BeforeItsStandbyIsReady_IsAnOrdinaryCanary()
    {
        await PromotedV2Async(s => s.Rollout!.CanaryTrafficPercent = 50);
        await MarkRolledOutAsync(Stable);
        await ReconcileAsync();

        await ChangeSpecAsync(s => s.Version = V1);
        var canarying = await ReconcileAsync();

        Assert.Equal((V2, V1), (canarying.Status!.CurrentVersion, canarying.Status.CandidateVersion));
        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Canary))!));
        Assert.Equal(ModelDeploymentBuilder.Selector(canarying).OrderBy(l => l.Key), (await ServiceSelectorAsync()).OrderBy(l => l.Key));
    }

    [Fact]
    public async Task ClearingKeepPrevious_DeletesTheStandby_AndItsCondition()
    {
        await PromotedV2Async();
        await MarkRolledOutAsync(Stable);
        await MarkRolledOutAsync(Previous);
        await ReconcileAsync();

        await ChangeSpecAsync(s => s.Rollout!.KeepPrevious = null);
        var released = await ReconcileAsync();

        Assert.Null(await DeploymentAsync(Previous));
        Assert.Null(Condition(released, ModelDeploymentConditions.PreviousReady));
        Assert.Equal(V1, released.Status!.PreviousVersion);
    }

    [Fact]
    public async Task WithoutKeepPrevious_APromotionLeavesNoStandby()
    {
        var promoted = await PromotedV2Async(s => s.Rollout!.KeepPrevious = null);

        Assert.Equal(V2, promoted.Status!.CurrentVersion);
        Assert.Null(await DeploymentAsync(Previous));
        Assert.Null(Condition(promoted, ModelDeploymentConditions.PreviousReady));
    }
}
