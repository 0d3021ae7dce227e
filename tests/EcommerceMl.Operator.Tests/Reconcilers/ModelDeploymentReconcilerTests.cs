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

public sealed class ModelDeploymentReconcilerTests : IDisposable
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
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
    private readonly LocalModelStore _store;
    private readonly ModelDeploymentReconciler _reconciler;

    public ModelDeploymentReconcilerTests()
    {
        _cluster = new InMemoryCluster(_time);
        _store = new LocalModelStore(_storeFolder.FullName);
        _reconciler = new ModelDeploymentReconciler(_cluster, _ => _store, TestResources.Settings with { Store = _storeFolder.FullName },
            _time, NullLogger<ModelDeploymentReconciler>.Instance);
    }

    public void Dispose() => _storeFolder.Delete(recursive: true);

    private async Task ApplyAsync(Action<ModelDeploymentSpec>? configure = null)
    {
        var md = TestResources.ModelDeployment(Name, configure);
        md.Metadata.Uid = null;
        await _cluster.CreateAsync(md, Ct);
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

    private Task PublishAsync(string version, double ndcg = 0.3, GateResult? gate = null) =>
        ModelVersionsForTests.PublishAsync(_store, "shop-recs", version, ndcg, gate, cancellationToken: Ct);

    /// <summary>
    /// V1 served and rolled out (<see cref="ServingV1Async"/>), then V2 published: 0.20 on its own held-out window, with the
    /// trainer's <paramref name="comparison"/> against V1 (<see cref="ComparedWithV1"/>) — the one verdict the rollout acts on.
    /// </summary>
    private async Task ServeV1ThenPublishV2Async(ChampionComparison comparison, Action<ModelDeploymentSpec>? configure = null)
    {
        await ServingV1Async(configure);
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", V2, 0.20, ModelVersionsForTests.MinimumGate(0.1, 0.20), cancellationToken: Ct, champion: comparison);
    }

    /// <summary>The trainer's comparison of V2 (0.20) with V1 on V2's held-out window: V1 scored <paramref name="v1Value"/> there (null: could not be scored fairly).</summary>
    private static ChampionComparison ComparedWithV1(double? v1Value, bool passed, string? why = null) =>
        new(V1, ModelVersionsForTests.Metric, GateResult.Minimum, v1Value, 0.20, 0, passed, why);

    private Task<V1Deployment?> DeploymentAsync(string name) => _cluster.GetAsync<V1Deployment>(Ns, name, Ct);

    /// <summary>Plays the Deployment controller: every replica of the current template updated and available.</summary>
    private Task MarkRolledOutAsync(string name) => _cluster.SetStatusAsync<V1Deployment>(Ns, name, d => d.Status = new V1DeploymentStatus
    {
        ObservedGeneration = d.Metadata.Generation,
        Replicas = d.Spec.Replicas,
        UpdatedReplicas = d.Spec.Replicas,
        ReadyReplicas = d.Spec.Replicas,
        AvailableReplicas = d.Spec.Replicas,
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
            ContainerStatuses = [new V1ContainerStatus { Name = ModelDeploymentBuilder.ContainerName, RestartCount = 4, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = "back-off 40s restarting failed container" } } }],
        });
    }

    /// <summary>v1 published, deployed and rolled out.</summary>
    private async Task<ModelDeployment> ServingV1Async(Action<ModelDeploymentSpec>? configure = null)
    {
        await PublishAsync(V1);
        await ApplyAsync(configure);
        await ReconcileAsync();
        await MarkRolledOutAsync(Stable);
        return await ReconcileAsync();
    }

    private static void CanaryOf4(ModelDeploymentSpec spec)
    {
        spec.Replicas = 4;
        spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, CanaryTrafficPercent = 25, AnalysisSeconds = 300 };
    }

    private static V1Condition Condition(ModelDeployment md, string type) => Conditions.Find(md.Status!.Conditions, type)!;

    [Fact]
    public async Task FirstDeploy_CreatesTheDeploymentAndServiceForTheNewestVersion_AndIsReadyOnceRolledOut()
    {
        await PublishAsync(V1);
        await PublishAsync(V2);
        await ApplyAsync();

        var deploying = await ReconcileAsync();

        var deployment = (await DeploymentAsync(Stable))!;
        Assert.Equal(V2, PredictorHealth.VersionOf(deployment));
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.NotNull(await _cluster.GetAsync<V1Service>(Ns, Name, Ct));
        Assert.Equal(V2, deploying.Status!.CurrentVersion);
        Assert.Equal(TransitionStatuses.InProgress, deploying.Status.ModelStatus!.TransitionStatus);
        Assert.Equal(ConditionStatus.False, Condition(deploying, ModelDeploymentConditions.Ready).Status);

        await MarkRolledOutAsync(Stable);
        var ready = await ReconcileAsync();

        Assert.Equal(ConditionStatus.True, Condition(ready, ModelDeploymentConditions.PredictorReady).Status);
        Assert.Equal(ConditionStatus.True, Condition(ready, ModelDeploymentConditions.Ready).Status);
        Assert.Equal(TransitionStatuses.UpToDate, ready.Status!.ModelStatus!.TransitionStatus);
        Assert.Equal("http://shop-recs.shop.svc", ready.Status.Endpoint);
        Assert.Equal(2, ready.Status.ReadyReplicas);
        var traffic = Assert.Single(ready.Status.Traffic!);
        Assert.Equal((V2, 100), (traffic.Version, traffic.Percent));
        Assert.Null(ready.Status.CandidateVersion);
        Assert.Equal(1, ready.Status.ObservedGeneration);
    }

    [Fact]
    public async Task PinnedVersionMissing_IsAConditionWithTheReason_CreatesNothing_AndLooksAgainLater()
    {
        await PublishAsync(V1);
        await ApplyAsync(spec => spec.Version = V2);

        var result = await _reconciler.ReconcileAsync(Ns, Name, Ct);
        var md = await ReadAsync();
        var writes = _cluster.Writes;
        await _reconciler.ReconcileAsync(Ns, Name, Ct);

        Assert.Null(await DeploymentAsync(Stable));
        Assert.Equal(ModelDeploymentReasons.VersionNotFound, Condition(md, ModelDeploymentConditions.Ready).Reason);
        Assert.Contains(V2, Condition(md, ModelDeploymentConditions.Ready).Message, StringComparison.Ordinal);
        Assert.Equal(TransitionStatuses.InvalidSpec, md.Status!.ModelStatus!.TransitionStatus);
        Assert.NotNull(result.RequeueAfter);
        Assert.Single(_cluster.Events, e => e.Event is { Type: ClusterEvent.Warning, Reason: ModelDeploymentReasons.VersionNotFound });
        Assert.Equal(writes, _cluster.Writes);
    }

    [Fact]
    public async Task UnknownShopTimeZone_IsInvalidSpec_AndLeavesWhatServesUntouched()
    {
        await PublishAsync(V1);
        await ApplyAsync();
        await ReconcileAsync();
        await MarkRolledOutAsync(Stable);
        await ReconcileAsync();
        var serving = (await DeploymentAsync(Stable))!;

        await ChangeSpecAsync(spec => spec.ShopTimeZone = "Europe/Atlantis");
        var result = await _reconciler.ReconcileAsync(Ns, Name, Ct);
        var md = await ReadAsync();

        var ready = Condition(md, ModelDeploymentConditions.Ready);
        Assert.Equal((ConditionStatus.False, ModelDeploymentReasons.InvalidSpec), (ready.Status, ready.Reason));
        Assert.Contains("spec.shopTimeZone 'Europe/Atlantis'", ready.Message, StringComparison.Ordinal);
        Assert.Equal(TransitionStatuses.InvalidSpec, md.Status!.ModelStatus!.TransitionStatus);
        Assert.Equal(serving.Metadata.ResourceVersion, (await DeploymentAsync(Stable))!.Metadata.ResourceVersion);
        Assert.Null(result.RequeueAfter);

        await ChangeSpecAsync(spec => spec.ShopTimeZone = "Europe/London");
        await ReconcileAsync();
        var mended = (await DeploymentAsync(Stable))!.Spec.Template.Spec.Containers.Single().Env;
        Assert.Contains(mended, v => v is { Name: "Ecml__Inference__ShopTimeZone", Value: "Europe/London" });
    }

    [Fact]
    public async Task Latest_SkipsVersionsWhoseGateFailed()
    {
        await PublishAsync(V1, gate: ModelVersionsForTests.MinimumGate(0.2, 0.3));
        await PublishAsync(V2, ndcg: 0.1, gate: ModelVersionsForTests.MinimumGate(0.2, 0.1));
        await ApplyAsync();

        var md = await ReconcileAsync();

        Assert.Equal(V1, md.Status!.CurrentVersion);
        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
    }

    [Fact]
    public async Task Latest_PassesOverANewerVersionWhoseManifestIsMalformed()
    {
        await PublishAsync(V1);
        var broken = Path.Combine(_storeFolder.FullName, "models", "shop-recs", "versions", V2);
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, ModelManifest.FileName), "{ \"model\": ", Ct);
        await ApplyAsync();

        var md = await ReconcileAsync();

        Assert.Equal(V1, md.Status!.CurrentVersion);
        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
    }

    [Fact]
    public async Task Latest_WithOnlyFailedGates_SaysWhyTheNewestIsNotServable()
    {
        await PublishAsync(V1, ndcg: 0.1, gate: ModelVersionsForTests.MinimumGate(0.2, 0.1));
        await ApplyAsync();

        var md = await ReconcileAsync();

        Assert.Contains($"the newest, {V1}: its quality gate failed (ndcg_at_10 = 0.1, below the minimum 0.2)", Condition(md, ModelDeploymentConditions.Ready).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinnedVersion_WithAMalformedManifest_IsReportedNotThrown()
    {
        await PublishAsync(V1);
        var broken = Path.Combine(_storeFolder.FullName, "models", "shop-recs", "versions", V2);
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, ModelManifest.FileName), "not json", Ct);
        await ApplyAsync(spec => spec.Version = V2);

        var md = await ReconcileAsync();

        var ready = Condition(md, ModelDeploymentConditions.Ready);
        Assert.Equal(ModelDeploymentReasons.VersionNotFound, ready.Reason);
        Assert.Contains("malformed", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_WithOnlyFailedGates_WaitsForAPassingVersion()
    {
        await PublishAsync(V1, ndcg: 0.1, gate: ModelVersionsForTests.MinimumGate(0.2, 0.1));
        await ApplyAsync();

        var md = await ReconcileAsync();

        Assert.Null(await DeploymentAsync(Stable));
        Assert.Equal(ModelDeploymentReasons.NoPassingVersion, Condition(md, ModelDeploymentConditions.Ready).Reason);
        Assert.Equal(TransitionStatuses.InProgress, md.Status!.ModelStatus!.TransitionStatus);
    }

    [Fact]
    public async Task Latest_BeforeItsModelsFirstTraining_IsWaiting_WithANormalEvent_AndNoFailureOnceServed()
    {
        await _cluster.CreateAsync(ModelFixtures.Model(), Ct);
        await ApplyAsync();

        var waiting = await ReconcileAsync();
        await ReconcileAsync();

        var ready = Condition(waiting, ModelDeploymentConditions.Ready);
        Assert.Equal((ConditionStatus.False, ModelDeploymentReasons.WaitingForFirstVersion), (ready.Status, ready.Reason));
        Assert.Contains("model/shop-recs trains the first", ready.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_cluster.Events, e => e.Event.Type == ClusterEvent.Warning);
        var announced = Assert.Single(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.WaitingForFirstVersion);
        Assert.Equal(ClusterEvent.Normal, announced.Event.Type);

        await PublishAsync(V1);
        var serving = await ReconcileAsync();

        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Null(serving.Status!.ModelStatus!.LastFailureInfo);
    }

    [Fact]
    public async Task Latest_BeforeARunningTrainingJobsFirstVersion_IsWaiting()
    {
        await _cluster.CreateAsync(TestResources.TrainingJob("shop-recs-1"), Ct);
        await ApplyAsync();

        var md = await ReconcileAsync();

        Assert.Equal(ModelDeploymentReasons.WaitingForFirstVersion, Condition(md, ModelDeploymentConditions.Ready).Reason);
        Assert.Contains("trainingjob/shop-recs-1", Condition(md, ModelDeploymentConditions.Ready).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_WithNoVersionAndNothingThatTrainsOne_WarnsNoPassingVersion()
    {
        await _cluster.CreateAsync(ModelFixtures.Model(name: "another-model"), Ct);
        await ApplyAsync();

        var md = await ReconcileAsync();

        Assert.Equal(ModelDeploymentReasons.NoPassingVersion, Condition(md, ModelDeploymentConditions.Ready).Reason);
        Assert.Contains(_cluster.Events, e => e.Event is { Type: ClusterEvent.Warning, Reason: ModelDeploymentReasons.NoPassingVersion });
    }

    [Fact]
    public async Task RollingUpdate_MovesTheDeploymentToTheNewVersion_AndPromotesItOnceRolledOut()
    {
        await ServingV1Async();
        await PublishAsync(V2);

        var rolling = await ReconcileAsync();

        Assert.Equal(V2, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Equal((V1, V2), (rolling.Status!.CurrentVersion, rolling.Status.CandidateVersion));
        Assert.Equal(TransitionStatuses.InProgress, rolling.Status.ModelStatus!.TransitionStatus);
        Assert.Null(await DeploymentAsync(Canary));

        await MarkRolledOutAsync(Stable);
        var promoted = await ReconcileAsync();

        Assert.Equal((V2, V1, null), (promoted.Status!.CurrentVersion, promoted.Status.PreviousVersion, promoted.Status.CandidateVersion));
        Assert.Equal(TransitionStatuses.UpToDate, promoted.Status.ModelStatus!.TransitionStatus);
        Assert.Contains(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.Promoted);
    }

    [Fact]
    public async Task RollingUpdate_WhenTheNewPodsCrashLoop_RollsBackAndDoesNotRetryThatVersion()
    {
        await ServingV1Async();
        await PublishAsync(V2);
        await ReconcileAsync();
        await AddCrashingPodAsync((await DeploymentAsync(Stable))!);

        var rolledBack = await ReconcileAsync();
        var again = await ReconcileAsync();

        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Equal(ConditionStatus.True, Condition(again, ModelDeploymentConditions.RolledBack).Status);
        Assert.Equal(ModelDeploymentReasons.CrashLoopBackOff, Condition(again, ModelDeploymentConditions.RolledBack).Reason);
        Assert.Equal(TransitionStatuses.BlockedByFailedLoad, again.Status!.ModelStatus!.TransitionStatus);
        Assert.Equal(V2, again.Status.ModelStatus.LastFailureInfo!.Version);
        Assert.Equal((V1, null), (rolledBack.Status!.CurrentVersion, rolledBack.Status.CandidateVersion));
        Assert.Single(_cluster.Events, e => e.Event is { Type: ClusterEvent.Warning, Reason: ModelDeploymentReasons.RolledBack });
    }

    [Fact]
    public async Task RollingUpdate_ToAVersionThatLostToTheServingOneOnItsWindow_IsRefusedBeforeItServes()
    {
        // Lost to V1 on its own window (0.20 against 0.30), so never the servable latest: only a spec that pins it asks for it.
        await ServeV1ThenPublishV2Async(ComparedWithV1(0.30, passed: false));
        await ChangeSpecAsync(spec => spec.Version = V2);

        var md = await ReconcileAsync();

        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Equal(ModelDeploymentReasons.CandidateWorse, Condition(md, ModelDeploymentConditions.RolledBack).Reason);
        Assert.Contains("same held-out window", Condition(md, ModelDeploymentConditions.RolledBack).Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.True, Condition(md, ModelDeploymentConditions.Ready).Status);
    }

    [Fact]
    public async Task RollingUpdate_ToAVersionNotComparedWithTheServingOne_RollsOut_ThoughItsOwnWindowsMetricIsLower()
    {
        // make run's churn loop: the trainer could not score the champion fairly, so the candidate passed uncompared; its
        // recorded auc, on its own window, is lower. Judging it again on two windows rolled it back, leaving the Model's
        // servable version unserved.
        await ServeV1ThenPublishV2Async(ComparedWithV1(null, passed: true, "no fair comparison"));

        var md = await ReconcileAsync();

        Assert.Equal(V2, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Equal(V2, md.Status!.CandidateVersion);
        Assert.False(Conditions.IsTrue(md.Status.Conditions, ModelDeploymentConditions.RolledBack));
    }

    [Fact]
    public async Task RollingUpdate_ToAVersionThatBeatTheServingOneOnItsOwnWindow_RollsOut_ThoughItsRecordedMetricIsLower()
    {
        // V2's window is harder (0.20 against V1's 0.30 on V1's own window), but on V2's window V1 scored only 0.18.
        await ServeV1ThenPublishV2Async(ComparedWithV1(0.18, passed: true));

        var md = await ReconcileAsync();

        Assert.Equal(V2, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Equal(V2, md.Status!.CandidateVersion);
        Assert.False(Conditions.IsTrue(md.Status.Conditions, ModelDeploymentConditions.RolledBack));
    }

    [Fact]
    public async Task Canary_RunsASecondDeploymentWithItsShareOfTheReplicas_ThenPromotes()
    {
        await ServingV1Async(CanaryOf4);
        await PublishAsync(V2);

        var canarying = await ReconcileAsync();

        var canary = (await DeploymentAsync(Canary))!;
        var stable = (await DeploymentAsync(Stable))!;
        Assert.Equal((V2, 1), (PredictorHealth.VersionOf(canary), canary.Spec.Replicas));
        Assert.Equal((V1, 3), (PredictorHealth.VersionOf(stable), stable.Spec.Replicas));
        Assert.Equal(ModelDeploymentBuilder.Selector(canarying).OrderBy(l => l.Key), (await _cluster.GetAsync<V1Service>(Ns, Name, Ct))!.Spec.Selector.OrderBy(l => l.Key));
        Assert.NotEqual(canary.Spec.Selector.MatchLabels[ModelDeploymentBuilder.TrackLabel], stable.Spec.Selector.MatchLabels[ModelDeploymentBuilder.TrackLabel]);
        Assert.Equal([(V1, 75), (V2, 25)], canarying.Status!.Traffic!.Select(t => (t.Version, t.Percent)));
        Assert.Equal(V2, canarying.Status.CandidateVersion);
        Assert.Equal(ConditionStatus.False, Condition(canarying, ModelDeploymentConditions.CanaryReady).Status);
        Assert.Equal(ConditionStatus.False, Condition(canarying, ModelDeploymentConditions.Ready).Status);

        await MarkRolledOutAsync(Canary);
        var promoted = await ReconcileAsync();

        stable = (await DeploymentAsync(Stable))!;
        Assert.Equal((V2, 4), (PredictorHealth.VersionOf(stable), stable.Spec.Replicas));
        Assert.Equal((V2, V1, null), (promoted.Status!.CurrentVersion, promoted.Status.PreviousVersion, promoted.Status.CandidateVersion));

        await MarkRolledOutAsync(Stable);
        var settled = await ReconcileAsync();
        Assert.Null(await DeploymentAsync(Canary));
        Assert.Null(Conditions.Find(settled.Status!.Conditions, ModelDeploymentConditions.CanaryReady));
        Assert.Equal(ConditionStatus.True, Condition(settled, ModelDeploymentConditions.Ready).Status);
        Assert.Equal(TransitionStatuses.UpToDate, settled.Status!.ModelStatus!.TransitionStatus);
    }

    /// <summary>Plays the Deployment controller mid-way through a rolling update: <paramref name="updated"/> Pods of the new template, all of the old still available.</summary>
    private Task MarkRollingOverAsync(string name, int updated) => _cluster.SetStatusAsync<V1Deployment>(Ns, name, d => d.Status = new V1DeploymentStatus
    {
        ObservedGeneration = d.Metadata.Generation,
        Replicas = d.Spec.Replicas + 1,
        UpdatedReplicas = updated,
        ReadyReplicas = d.Spec.Replicas - 1,
        AvailableReplicas = d.Spec.Replicas - 1,
    });

    /// <summary>V1 served on 4 replicas, V2 a canary on one of them, rolled out and promoted in the last reconcile.</summary>
    private async Task<ModelDeployment> PromotedCanaryAsync()
    {
        await ServingV1Async(CanaryOf4);
        await PublishAsync(V2);
        await ReconcileAsync();
        await MarkRolledOutAsync(Canary);
        return await ReconcileAsync();
    }

    [Fact]
    public async Task Canary_AfterItsPromotion_KeepsServingUntilTheStableDeploymentHasRolledOverToIt_ThenIsRemoved()
    {
        var promoted = await PromotedCanaryAsync();

        // The promoted version keeps its own Pod while the stable Deployment's new ones start: the canary stays as it was.
        var canary = (await DeploymentAsync(Canary))!;
        Assert.Equal((V2, 1), (PredictorHealth.VersionOf(canary), canary.Spec.Replicas));
        Assert.Equal((V2, V1, null), (promoted.Status!.CurrentVersion, promoted.Status.PreviousVersion, promoted.Status.CandidateVersion));
        Assert.Equal([(V2, 100)], promoted.Status.Traffic!.Select(t => (t.Version, t.Percent)));
        var finishing = Condition(promoted, ModelDeploymentConditions.CanaryReady);
        Assert.Equal((ConditionStatus.True, ModelDeploymentReasons.Promoted), (finishing.Status, finishing.Reason));
        Assert.Contains("keeps serving it until shop-recs-predictor has rolled over to it", finishing.Message, StringComparison.Ordinal);
        Assert.Equal(TransitionStatuses.InProgress, promoted.Status.ModelStatus!.TransitionStatus);

        // Mid-way: 1 of 4 Pods updated, 3 available. The canary's Pod makes up the fourth, so the deployment stays Ready.
        await MarkRollingOverAsync(Stable, updated: 1);
        var rollingOver = await ReconcileAsync();
        Assert.NotNull(await DeploymentAsync(Canary));
        Assert.Equal(ConditionStatus.True, Condition(rollingOver, ModelDeploymentConditions.Ready).Status);
        Assert.Contains("and the 1 of shop-recs-predictor-canary serve", Condition(rollingOver, ModelDeploymentConditions.PredictorReady).Message, StringComparison.Ordinal);
        Assert.Equal(TransitionStatuses.InProgress, rollingOver.Status!.ModelStatus!.TransitionStatus);
        Assert.DoesNotContain(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.PromotionFinished);

        await MarkRolledOutAsync(Stable);
        var settled = await ReconcileAsync();
        Assert.Null(await DeploymentAsync(Canary));
        Assert.Null(Conditions.Find(settled.Status!.Conditions, ModelDeploymentConditions.CanaryReady));
        Assert.Equal(TransitionStatuses.UpToDate, settled.Status.ModelStatus!.TransitionStatus);
        Assert.Single(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.PromotionFinished);
    }

    [Fact]
    public async Task Canary_AfterItsPromotion_IsNotRemovedOnAStatusTheDeploymentControllerHasNotCaughtUpWith()
    {
        await PromotedCanaryAsync();

        // The counters say 4 of 4, but for the spec before the promotion (observedGeneration behind generation).
        await _cluster.SetStatusAsync<V1Deployment>(Ns, Stable, d => d.Status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation - 1, Replicas = 4, UpdatedReplicas = 4, ReadyReplicas = 4, AvailableReplicas = 4,
        });
        await ReconcileAsync();

        Assert.NotNull(await DeploymentAsync(Canary));
    }

    [Fact]
    public async Task Canary_ANewerVersionWhileAPromotedCanaryFinishes_WaitsForTheStableDeployment_ThenStartsItsCanary()
    {
        await PromotedCanaryAsync();
        const string v3 = "20261123T030000Z-cccccc";
        await PublishAsync(v3);

        var waiting = await ReconcileAsync();
        Assert.Equal((V2, null), (waiting.Status!.CurrentVersion, waiting.Status.CandidateVersion));
        Assert.Equal(V2, PredictorHealth.VersionOf((await DeploymentAsync(Canary))!));

        await MarkRolledOutAsync(Stable);
        var started = await ReconcileAsync();
        Assert.Equal(v3, started.Status!.CandidateVersion);
        Assert.Equal(v3, PredictorHealth.VersionOf((await DeploymentAsync(Canary))!));
    }

    [Fact]
    public async Task Canary_WhenItsPodsCrashLoop_IsRolledBack_WithAConditionAndAWarningEvent()
    {
        await ServingV1Async(CanaryOf4);
        await PublishAsync(V2);
        await ReconcileAsync();
        await AddCrashingPodAsync((await DeploymentAsync(Canary))!);

        var rolledBack = await ReconcileAsync();
        await ReconcileAsync();

        Assert.Null(await DeploymentAsync(Canary));
        var stable = (await DeploymentAsync(Stable))!;
        Assert.Equal((V1, 4), (PredictorHealth.VersionOf(stable), stable.Spec.Replicas));
        Assert.Equal(ModelDeploymentReasons.CrashLoopBackOff, Condition(rolledBack, ModelDeploymentConditions.RolledBack).Reason);
        Assert.Equal(V1, rolledBack.Status!.CurrentVersion);
        Assert.Null(rolledBack.Status.CandidateVersion);
        var warning = Assert.Single(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.RolledBack).Event;
        Assert.Equal(ClusterEvent.Warning, warning.Type);
        Assert.Contains("CrashLoopBackOff", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canary_NotReadyWithinTheAnalysisWindow_IsRolledBack()
    {
        await ServingV1Async(CanaryOf4);
        await PublishAsync(V2);
        var started = await _reconciler.ReconcileAsync(Ns, Name, Ct);
        _time.Advance(TimeSpan.FromSeconds(301));

        var rolledBack = await ReconcileAsync();

        Assert.NotNull(started.RequeueAfter);
        Assert.Null(await DeploymentAsync(Canary));
        Assert.Equal(ModelDeploymentReasons.AnalysisTimeout, Condition(rolledBack, ModelDeploymentConditions.RolledBack).Reason);
    }

    [Fact]
    public async Task Canary_WorseOnTheGateMetricThanTheCurrentVersion_IsRolledBackWhenReady()
    {
        await ServeV1ThenPublishV2Async(ComparedWithV1(0.30, passed: false), CanaryOf4);
        await ChangeSpecAsync(spec => spec.Version = V2);
        await ReconcileAsync();
        await MarkRolledOutAsync(Canary);

        var rolledBack = await ReconcileAsync();

        Assert.Null(await DeploymentAsync(Canary));
        Assert.Equal(ModelDeploymentReasons.CandidateWorse, Condition(rolledBack, ModelDeploymentConditions.RolledBack).Reason);
        Assert.Contains("ndcg_at_10", rolledBack.Status!.ModelStatus!.LastFailureInfo!.Message, StringComparison.Ordinal);
        Assert.Equal(V1, rolledBack.Status.CurrentVersion);
    }

    [Fact]
    public async Task Canary_ANewerVersionAfterARollback_IsTried()
    {
        await ServingV1Async(CanaryOf4);
        await PublishAsync(V2);
        await ReconcileAsync();
        await AddCrashingPodAsync((await DeploymentAsync(Canary))!);
        await ReconcileAsync();
        const string v3 = "20261123T030000Z-cccccc";
        await PublishAsync(v3);

        var md = await ReconcileAsync();

        Assert.Equal(v3, md.Status!.CandidateVersion);
        Assert.Equal(v3, PredictorHealth.VersionOf((await DeploymentAsync(Canary))!));
    }

    [Fact]
    public async Task StatusLost_ReadsTheServingVersionBackFromTheStableDeployment_AndStillStartsACanary()
    {
        await ServingV1Async(CanaryOf4);
        await PublishAsync(V2);
        await _cluster.SetStatusAsync<ModelDeployment>(Ns, Name, md => md.Status = null);

        var md = await ReconcileAsync();

        Assert.Equal(V1, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
        Assert.Equal(V2, PredictorHealth.VersionOf((await DeploymentAsync(Canary))!));
        Assert.Equal((V1, V2), (md.Status!.CurrentVersion, md.Status.CandidateVersion));
    }

    [Fact]
    public async Task StatusLost_DuringARollingUpdate_KeepsTheVersionTheReadyPodsServe_AsCurrent()
    {
        await ServingV1Async();
        await _cluster.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{Stable}-v1pod", NamespaceProperty = Ns, Labels = (await DeploymentAsync(Stable))!.Spec.Template.Metadata.Labels },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = ModelDeploymentBuilder.ContainerName }] },
        }, Ct);
        await _cluster.SetStatusAsync<V1Pod>(Ns, $"{Stable}-v1pod", p => p.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] });
        await PublishAsync(V2);
        await ReconcileAsync();
        await _cluster.SetStatusAsync<ModelDeployment>(Ns, Name, md => md.Status = null);

        var md = await ReconcileAsync();

        Assert.Equal((V1, V2), (md.Status!.CurrentVersion, md.Status.CandidateVersion));
        Assert.Equal(V2, PredictorHealth.VersionOf((await DeploymentAsync(Stable))!));
    }

    [Fact]
    public async Task StatusLost_WhileAPromotedCanaryFinishes_KeepsThePromotedVersion_AndTheStableDeploymentRollingToIt()
    {
        await PromotedCanaryAsync();
        await MarkRollingOverAsync(Stable, updated: 1);
        // One of the stable Deployment's old Pods, ready, still serving V1.
        var oldLabels = new Dictionary<string, string>((await DeploymentAsync(Stable))!.Spec.Template.Metadata.Labels) { [StandardLabels.ModelVersion] = V1 };
        await _cluster.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{Stable}-v1pod", NamespaceProperty = Ns, Labels = oldLabels },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = ModelDeploymentBuilder.ContainerName }] },
        }, Ct);
        await _cluster.SetStatusAsync<V1Pod>(Ns, $"{Stable}-v1pod", p => p.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] });
        await _cluster.SetStatusAsync<ModelDeployment>(Ns, Name, md => md.Status = null);

        var md = await ReconcileAsync();

        Assert.Equal((V2, null), (md.Status!.CurrentVersion, md.Status.CandidateVersion));
        Assert.Equal((V2, 4), (PredictorHealth.VersionOf((await DeploymentAsync(Stable))!), (await DeploymentAsync(Stable))!.Spec.Replicas));
        Assert.NotNull(await DeploymentAsync(Canary));
        // Not taken for V1 with V2 as a new canary (promoted again at once, since its canary is rolled out).
        Assert.Single(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.Promoted);
        Assert.Single(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.RolloutStarted && e.Event.Message.Contains(V2, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Autoscaling_CreatesAnHpa_LeavesReplicasToIt_AndRemovingItDeletesTheHpa()
    {
        await ServingV1Async(spec => spec.Autoscaling = new AutoscalingSpec { MinReplicas = 2, MaxReplicas = 6, TargetCPUUtilizationPercentage = 70 });
        var hpa = (await _cluster.GetAsync<V2HorizontalPodAutoscaler>(Ns, Stable, Ct))!;
        Assert.Equal((2, 6), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        Assert.Equal(70, hpa.Spec.Metrics.Single().Resource.Target.AverageUtilization);
        Assert.Equal(Stable, hpa.Spec.ScaleTargetRef.Name);

        // The autoscaler scales the Deployment; the reconciler must not fight it.
        var scaled = (await DeploymentAsync(Stable))!;
        scaled.Spec.Replicas = 5;
        await _cluster.ReplaceAsync(scaled, Ct);
        await ReconcileAsync();
        Assert.Equal(5, (await DeploymentAsync(Stable))!.Spec.Replicas);

        await ChangeSpecAsync(spec => spec.Autoscaling = null);
        await ReconcileAsync();

        Assert.Null(await _cluster.GetAsync<V2HorizontalPodAutoscaler>(Ns, Stable, Ct));
        Assert.Equal(2, (await DeploymentAsync(Stable))!.Spec.Replicas);
    }

    [Fact]
    public async Task ScaleChange_UpdatesTheDeploymentsReplicas()
    {
        await ServingV1Async();

        await ChangeSpecAsync(spec => spec.Replicas = 5);
        var md = await ReconcileAsync();

        Assert.Equal(5, (await DeploymentAsync(Stable))!.Spec.Replicas);
        Assert.Equal(2, md.Status!.ObservedGeneration);
        Assert.Equal(V1, md.Status.CurrentVersion);
        Assert.Null(await _cluster.GetAsync<V2HorizontalPodAutoscaler>(Ns, Stable, Ct));
    }

    [Fact]
    public async Task Reconcile_WhenNothingChanged_WritesNothing()
    {
        await ServingV1Async();
        var writes = _cluster.Writes;
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await _reconciler.ReconcileAsync(Ns, Name, Ct);

        Assert.Equal(writes, _cluster.Writes);
        Assert.Equal(RolloutTiming.Default.StorePollInterval, result.RequeueAfter);
    }

    [Fact]
    public async Task PinnedAndSettled_AsksForNoRequeue()
    {
        await PublishAsync(V1);
        await ApplyAsync(spec => spec.Version = V1);
        await ReconcileAsync();
        await MarkRolledOutAsync(Stable);

        var result = await _reconciler.ReconcileAsync(Ns, Name, Ct);

        Assert.Null(result.RequeueAfter);
    }

    [Fact]
    public async Task Reconcile_WhenTheModelDeploymentIsGone_DoesNothing()
    {
        var result = await _reconciler.ReconcileAsync(Ns, "missing", Ct);

        Assert.Null(result.RequeueAfter);
        Assert.Equal(0, _cluster.Writes);
    }
}
