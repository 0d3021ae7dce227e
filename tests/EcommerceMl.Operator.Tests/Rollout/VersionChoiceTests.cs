using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Status;
using static EcommerceMl.Operator.Tests.Rollout.RolloutFixtures;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class VersionChoiceTests
{
    [Fact]
    public void FirstDeploy_ServesTheResolvedVersionDirectly()
    {
        var chosen = VersionChoice.Decide(Inputs(Serving(null), VersionResolution.Found(V1)));

        Assert.Equal(new ChosenVersions(V1, null, HeldBack: false), chosen);
    }

    [Fact]
    public void AResolvedVersionOtherThanTheServingOne_IsTheCandidate()
    {
        var chosen = VersionChoice.Decide(Inputs(Serving(V1), VersionResolution.Found(V2)));

        Assert.Equal(new ChosenVersions(V1, V2, HeldBack: false), chosen);
    }

    [Fact]
    public void TheVersionLastRolledBack_IsHeldBack_NotTriedAgain()
    {
        var md = Serving(V1);
        md.Status!.Conditions = [new() { Type = ModelDeploymentConditions.RolledBack, Status = ConditionStatus.True, Reason = "CrashLoopBackOff" }];
        md.Status.ModelStatus = new ModelStatus { LastFailureInfo = new FailureInfo { Reason = "CrashLoopBackOff", Version = V2 } };

        var chosen = VersionChoice.Decide(Inputs(md, VersionResolution.Found(V2)));

        Assert.Equal(new ChosenVersions(V1, null, HeldBack: true), chosen);
    }

    [Fact]
    public void AnUnresolvableSpec_KeepsTheServingVersion_WithNoCandidate()
    {
        var chosen = VersionChoice.Decide(Inputs(Serving(V1), VersionResolution.Missing(ModelDeploymentReasons.VersionNotFound, "no such version")));

        Assert.Equal(new ChosenVersions(V1, null, HeldBack: false), chosen);
    }

    [Fact]
    public void ANewerVersion_WaitsWhileAPromotedCanaryFinishes()
    {
        const string v3 = "20261123T040000Z-cccccc";
        var md = Serving(V2, Canary);
        var canary = RolledOut(md, V2, 1, canary: true);

        var finishing = VersionChoice.Decide(Inputs(md, VersionResolution.Found(v3), Starting(md, V2, 2), canary));
        var finished = VersionChoice.Decide(Inputs(md, VersionResolution.Found(v3), RolledOut(md, V2, 2), canary));

        Assert.Equal(new ChosenVersions(V2, null, HeldBack: false), finishing);
        Assert.Equal(new ChosenVersions(V2, v3, HeldBack: false), finished);
    }
}
