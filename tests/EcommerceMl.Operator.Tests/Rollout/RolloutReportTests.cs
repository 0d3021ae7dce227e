using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using k8s;
using static EcommerceMl.Operator.Tests.Rollout.RolloutFixtures;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class RolloutReportTests
{
    private static readonly ChosenVersions V1ToV2 = new(V1, V2, HeldBack: false);

    private static (ModelDeploymentStatus Status, IReadOnlyList<ClusterEvent> Events) Report(RolloutInputs inputs, ChosenVersions versions, Verdict verdict) =>
        RolloutReport.Decide(inputs, versions, verdict, WorkloadShape.Decide(inputs, versions, verdict));

    [Fact]
    public void APromotion_MovesCurrentToPrevious_AndClearsAnEarlierRollback()
    {
        var md = Serving(V1);
        md.Status!.Conditions = [new() { Type = ModelDeploymentConditions.RolledBack, Status = ConditionStatus.True, Reason = "CrashLoopBackOff" }];
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V2, 2));

        var (status, events) = Report(inputs, V1ToV2, new Verdict(VerdictKind.Promote));

        Assert.Equal((V2, V1, null), (status.CurrentVersion, status.PreviousVersion, status.CandidateVersion));
        Assert.Equal(ConditionStatus.False, Conditions.Find(status.Conditions, ModelDeploymentConditions.RolledBack)!.Status);
        Assert.Equal(TransitionStatuses.UpToDate, status.ModelStatus!.TransitionStatus);
        Assert.Equal([ModelDeploymentReasons.Promoted], events.Select(e => e.Reason));
    }

    [Fact]
    public void ARollback_IsAConditionAWarningAndTheFailureInfo_AndTheCurrentVersionStays()
    {
        var md = Serving(V1);
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 2));

        var (status, events) = Report(inputs, V1ToV2, new Verdict(VerdictKind.RollBack, null, "CrashLoopBackOff", "Pod p is in CrashLoopBackOff."));

        Assert.Equal((V1, null), (status.CurrentVersion, status.CandidateVersion));
        Assert.Equal($"Rolled back {V2} to {V1}: Pod p is in CrashLoopBackOff.", Conditions.Find(status.Conditions, ModelDeploymentConditions.RolledBack)!.Message);
        Assert.Equal(TransitionStatuses.BlockedByFailedLoad, status.ModelStatus!.TransitionStatus);
        Assert.Equal((V2, Now), (status.ModelStatus.LastFailureInfo!.Version, status.ModelStatus.LastFailureInfo.Time));
        Assert.Equal((ClusterEvent.Warning, ModelDeploymentReasons.RolledBack), (events.Single().Type, events.Single().Reason));
    }

    [Fact]
    public void ARolloutInProgress_AnnouncesItsStartOnce()
    {
        var md = Serving(V1, Canary);
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 1), Starting(md, V2, 1, canary: true));
        var verdict = CandidateVerdict.Decide(inputs, V1ToV2);

        var (first, firstEvents) = Report(inputs, V1ToV2, verdict);
        md.Status = first;
        var (_, laterEvents) = Report(inputs with { Now = Now.AddSeconds(10) }, V1ToV2, verdict);

        Assert.Equal(V2, first.CandidateVersion);
        Assert.Equal(TransitionStatuses.InProgress, first.ModelStatus!.TransitionStatus);
        Assert.Equal([ModelDeploymentReasons.RolloutStarted], firstEvents.Select(e => e.Reason));
        Assert.Empty(laterEvents);
    }

    [Fact]
    public void ASettledDeployment_ReportedAgainLater_IsByteIdentical_WithNoEvents()
    {
        var md = Serving(V1);
        var inputs = Inputs(md, VersionResolution.Found(V1), RolledOut(md, V1, 2));
        var settled = new ChosenVersions(V1, null, false);
        md.Status = Report(inputs, settled, Verdict.None).Status;

        var (again, events) = Report(inputs with { Now = Now.AddHours(1) }, settled, Verdict.None);

        Assert.Equal(KubernetesJson.Serialize(md.Status), KubernetesJson.Serialize(again));
        Assert.Empty(events);
    }

    [Fact]
    public void APromotedCanaryFinishing_IsOneTrafficTarget_AndCanaryReadySaysWhatItWaitsFor()
    {
        var md = Serving(V1, spec => { spec.Replicas = 4; Canary(spec); });
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 3), RolledOut(md, V2, 1, canary: true));

        var (status, events) = Report(inputs, V1ToV2, new Verdict(VerdictKind.Promote));

        Assert.Equal([(V2, 100, "current")], status.Traffic!.Select(t => (t.Version, t.Percent, t.Tag)));
        Assert.Equal(4, status.ReadyReplicas);
        var canaryReady = Conditions.Find(status.Conditions, ModelDeploymentConditions.CanaryReady)!;
        Assert.Equal((ConditionStatus.True, ModelDeploymentReasons.Promoted), (canaryReady.Status, canaryReady.Reason));
        Assert.StartsWith($"{V2} was promoted: shop-recs-predictor-canary keeps serving it until shop-recs-predictor has rolled over to it, then is removed.", canaryReady.Message, StringComparison.Ordinal);
        Assert.Equal(TransitionStatuses.InProgress, status.ModelStatus!.TransitionStatus);
        Assert.Equal([ModelDeploymentReasons.Promoted], events.Select(e => e.Reason));
    }

    [Fact]
    public void APromotedCanaryRemoved_IsAnnouncedOnce_AndThePromotionSettles()
    {
        var md = Serving(V2, spec => { spec.Replicas = 4; Canary(spec); });
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V2, 4), RolledOut(md, V2, 1, canary: true));

        var (status, events) = Report(inputs, new ChosenVersions(V2, null, HeldBack: false), Verdict.None);
        md.Status = status;
        var (_, later) = Report(inputs with { Canary = null }, new ChosenVersions(V2, null, HeldBack: false), Verdict.None);

        Assert.Equal((ClusterEvent.Normal, ModelDeploymentReasons.PromotionFinished), (events.Single().Type, events.Single().Reason));
        Assert.Null(Conditions.Find(status.Conditions, ModelDeploymentConditions.CanaryReady));
        Assert.Equal(TransitionStatuses.UpToDate, status.ModelStatus!.TransitionStatus);
        Assert.Empty(later);
    }

    [Fact]
    public void APromotedCanaryFinishing_CountsTowardsPredictorReady_UnlessTheStableRolloverFailed()
    {
        var md = Serving(V2, spec => { spec.Replicas = 4; Canary(spec); });
        var rollingOver = Starting(md, V2, 4);
        rollingOver.Status = new k8s.Models.V1DeploymentStatus { ObservedGeneration = 1, Replicas = 4, UpdatedReplicas = 1, ReadyReplicas = 3, AvailableReplicas = 3 };
        var canary = RolledOut(md, V2, 1, canary: true);
        var serving = new ChosenVersions(V2, null, HeldBack: false);

        var (rolling, _) = Report(Inputs(md, VersionResolution.Found(V2), rollingOver, canary), serving, Verdict.None);
        var (crashing, _) = Report(Inputs(md, VersionResolution.Found(V2), rollingOver, canary, [CrashLooping(rollingOver)]), serving, Verdict.None);

        var together = Conditions.Find(rolling.Conditions, ModelDeploymentConditions.PredictorReady)!;
        Assert.Equal((ConditionStatus.True, ModelDeploymentReasons.Available), (together.Status, together.Reason));
        Assert.Equal(ConditionStatus.True, Conditions.Find(rolling.Conditions, ModelDeploymentConditions.Ready)!.Status);
        var failed = Conditions.Find(crashing.Conditions, ModelDeploymentConditions.PredictorReady)!;
        Assert.Equal((ConditionStatus.False, "CrashLoopBackOff"), (failed.Status, failed.Reason));
        Assert.Equal(TransitionStatuses.BlockedByFailedLoad, crashing.ModelStatus!.TransitionStatus);
    }
}
