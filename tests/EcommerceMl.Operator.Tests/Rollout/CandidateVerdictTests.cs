using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using static EcommerceMl.Operator.Tests.Rollout.RolloutFixtures;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class CandidateVerdictTests
{
    private static readonly ChosenVersions V1ToV2 = new(V1, V2, HeldBack: false);

    [Fact]
    public void WithoutACandidate_ThereIsNothingToJudge()
    {
        var md = Serving(V1);

        Assert.Equal(VerdictKind.NoCandidate, CandidateVerdict.Decide(Inputs(md, VersionResolution.Found(V1)), new ChosenVersions(V1, null, false)).Kind);
    }

    [Fact]
    public void ChecksAreAskedInThisOrder_SoAWorseCandidateIsNeverPromoted()
    {
        // The one exception is a person pinning the previous version kept ready (rollout.keepPrevious): a manual rollback.
        Assert.Equal(["aborted", "previous version kept ready", "worse on the gate metric", "failed to roll out", "live analysis", "rolled out"], CandidateVerdict.Checks.Select(c => c.Name));
    }

    [Fact]
    public void RollingUpdate_ToAWorseVersion_IsRolledBackBeforeItStarts()
    {
        var md = Serving(V1);

        var verdict = CandidateVerdict.Decide(Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 2), worse: "ndcg_at_10 is lower"), V1ToV2);

        Assert.Equal((VerdictKind.RollBack, ModelDeploymentReasons.CandidateWorse, "ndcg_at_10 is lower"), (verdict.Kind, verdict.Reason, verdict.Message));
    }

    [Fact]
    public void ACanary_IsJudgedOnTheGateMetricOnlyOnceReady()
    {
        var md = Serving(V1, Canary);
        var starting = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 1), Starting(md, V2, 1, canary: true), worse: "ndcg_at_10 is lower");
        var ready = starting with { Canary = RolledOut(md, V2, 1, canary: true) };

        Assert.Equal(VerdictKind.Continue, CandidateVerdict.Decide(starting, V1ToV2).Kind);
        Assert.Equal(VerdictKind.RollBack, CandidateVerdict.Decide(ready, V1ToV2).Kind);
    }

    [Fact]
    public void ACandidateWhosePodsCrashLoop_IsRolledBackWithThePodsReason()
    {
        var md = Serving(V1, Canary);
        var canary = Starting(md, V2, 1, canary: true);

        var verdict = CandidateVerdict.Decide(Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 1), canary, [CrashLooping(canary)]), V1ToV2);

        Assert.Equal((VerdictKind.RollBack, "CrashLoopBackOff"), (verdict.Kind, verdict.Reason));
    }

    [Fact]
    public void ACandidateNotReadyWithinTheAnalysisWindow_IsRolledBack_AndWithinItContinues()
    {
        var md = Serving(V1, spec => spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, AnalysisSeconds = 300 });
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 1), Starting(md, V2, 1, canary: true));

        Assert.Equal(VerdictKind.Continue, CandidateVerdict.Decide(inputs, V1ToV2).Kind);
        var late = CandidateVerdict.Decide(inputs with { Now = Now.AddMinutes(5) }, V1ToV2);
        Assert.Equal((VerdictKind.RollBack, ModelDeploymentReasons.AnalysisTimeout), (late.Kind, late.Reason));
    }

    [Fact]
    public void ACandidateRolledOutOnItsTrack_IsPromoted()
    {
        var md = Serving(V1);

        var verdict = CandidateVerdict.Decide(Inputs(md, VersionResolution.Found(V2), RolledOut(md, V2, 2)), V1ToV2);

        Assert.Equal(VerdictKind.Promote, verdict.Kind);
    }

    [Fact]
    public void AnAnalysedCanary_ReadingAsRolledOutWithoutAnAnalysis_IsNeverPromotedOnReadinessAlone()
    {
        // A canary Deployment whose status reads as rolled out with no Pod available (nothing for the analysis to
        // measure, so it does not run): only a successful interval promotes an analysed canary (argo-rollouts#3850).
        var md = Serving(V1, spec => spec.Rollout = new RolloutSpec
        {
            Strategy = RolloutSpec.Canary,
            Analysis = new RolloutAnalysisSpec { Interval = "3s", Steps = [50], Metrics = new AnalysisMetricsSpec { MinRequests = 10, SuccessRate = 0.95 } },
        });

        var verdict = CandidateVerdict.Decide(Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 1), RolledOut(md, V2, 0, canary: true)), V1ToV2);

        Assert.Equal(VerdictKind.Continue, verdict.Kind);
        Assert.Null(verdict.Analysis);
    }
}
