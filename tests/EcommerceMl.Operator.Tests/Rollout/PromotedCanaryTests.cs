using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using static EcommerceMl.Operator.Tests.Rollout.RolloutFixtures;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class PromotedCanaryTests
{
    /// <summary>V2 promoted from a one-Pod canary: the status serves V2, the canary runs it, the stable Deployment is moving to it.</summary>
    private static RolloutInputs AfterPromotion(V1Deployment stable, Func<ModelDeployment, V1Deployment>? canary = null, DateTime? now = null)
    {
        var md = Promoted();
        return Inputs(md, VersionResolution.Found(V2), stable, (canary ?? (m => RolledOut(m, V2, 1, canary: true)))(md), now: now);
    }

    private static ModelDeployment Promoted() => Serving(V2, spec => { spec.Replicas = 4; Canary(spec); });

    private static V1Deployment RollingOver(int updated, long? observed = 1)
    {
        var stable = Starting(Promoted(), V2, 4);
        stable.Status = new V1DeploymentStatus { ObservedGeneration = observed, Replicas = 5, UpdatedReplicas = updated, ReadyReplicas = 4, AvailableReplicas = 4 };
        return stable;
    }

    [Fact]
    public void WhileTheStableDeploymentRollsOver_TheCanaryStillServes_AndHoldsNewCandidates()
    {
        var inputs = AfterPromotion(RollingOver(updated: 2));

        Assert.True(PromotedCanary.StillServes(inputs, V2));
        Assert.True(PromotedCanary.HoldsNewCandidates(inputs, V2));
        Assert.False(PromotedCanary.Finished(inputs, V2));
    }

    [Fact]
    public void BeforeTheStableDeploymentIsEvenWritten_TheCanaryStillServes()
    {
        var inputs = AfterPromotion(RolledOut(Promoted(), V1, 3));

        Assert.True(PromotedCanary.StillServes(inputs, V2));
    }

    [Fact]
    public void OnceTheStableDeploymentReadsAsRolledOut_ThePromotionIsFinished()
    {
        var inputs = AfterPromotion(RolledOut(Promoted(), V2, 4));

        Assert.False(PromotedCanary.StillServes(inputs, V2));
        Assert.True(PromotedCanary.Finished(inputs, V2));
    }

    [Fact]
    public void CountersOfAnOlderGeneration_DoNotReadAsRolledOut()
    {
        var stable = RollingOver(updated: 4, observed: 1);
        stable.Metadata.Generation = 2;
        stable.Status.Replicas = 4;

        Assert.True(PromotedCanary.StillServes(AfterPromotion(stable), V2));
    }

    [Fact]
    public void ACanaryOfAnotherVersion_IsNoPromotedCanary()
    {
        var inputs = AfterPromotion(RollingOver(updated: 2), md => RolledOut(md, V1, 1, canary: true));

        Assert.False(PromotedCanary.StillServes(inputs, V2));
        Assert.False(PromotedCanary.Finished(inputs, V2));
    }

    [Fact]
    public void ACanaryDeploymentSomeoneElseOwns_IsNotKept()
    {
        var inputs = AfterPromotion(RollingOver(updated: 2), md =>
        {
            var foreign = RolledOut(md, V2, 1, canary: true);
            foreign.Metadata.OwnerReferences = null;
            return foreign;
        });

        Assert.False(PromotedCanary.StillServes(inputs, V2));
    }

    [Fact]
    public void WhenTheStableDeploymentFailedToRollOver_NewCandidatesAreNoLongerHeld_ButTheCanaryStillServes()
    {
        var inputs = AfterPromotion(RollingOver(updated: 2), now: Now.AddSeconds(RolloutSpec.DefaultAnalysisSeconds + 120));

        Assert.True(PromotedCanary.StillServes(inputs, V2));
        Assert.False(PromotedCanary.HoldsNewCandidates(inputs, V2));
    }

    [Fact]
    public void ItKeepsTheReplicasItRuns()
    {
        var inputs = AfterPromotion(RollingOver(updated: 2), md => RolledOut(md, V2, 3, canary: true));

        Assert.Equal(3, PromotedCanary.Replicas(inputs));
    }
}
