using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Status;
using static EcommerceMl.Operator.Tests.Rollout.RolloutFixtures;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class WorkloadShapeTests
{
    private static readonly ChosenVersions V1ToV2 = new(V1, V2, HeldBack: false);
    private static readonly Health Starting = new(RolloutState.Progressing, ModelDeploymentReasons.Progressing, "starting");

    [Fact]
    public void NothingToServe_RunsNothing()
    {
        var shape = WorkloadShape.Decide(Inputs(Serving(null), VersionResolution.Missing(ModelDeploymentReasons.NoPassingVersion, "none")),
            new ChosenVersions(null, null, false), Verdict.None);

        Assert.Null(shape.StableVersion);
    }

    [Fact]
    public void ARollingUpdateInProgress_MovesTheStableDeploymentToTheCandidate()
    {
        var shape = WorkloadShape.Decide(Inputs(Serving(V1), VersionResolution.Found(V2)), V1ToV2, new Verdict(VerdictKind.Continue, Starting));

        Assert.Equal(new Workloads(V2, 2, null, 0), shape);
    }

    [Fact]
    public void ACanaryInProgress_RunsBesideTheCurrentVersionWithItsShare()
    {
        var md = Serving(V1, spec => { spec.Replicas = 4; Canary(spec); });

        var shape = WorkloadShape.Decide(Inputs(md, VersionResolution.Found(V2)), V1ToV2, new Verdict(VerdictKind.Continue, Starting));

        Assert.Equal(new Workloads(V1, 3, V2, 1), shape);
    }

    [Fact]
    public void ACanaryWithAnAutoscaler_IsSizedFromItsMinimum_AndLeavesTheStableSideToIt()
    {
        var md = Serving(V1, spec => { Canary(spec); spec.Autoscaling = new AutoscalingSpec { MinReplicas = 8, MaxReplicas = 12 }; });

        var shape = WorkloadShape.Decide(Inputs(md, VersionResolution.Found(V2)), V1ToV2, new Verdict(VerdictKind.Continue, Starting));

        Assert.Equal(new Workloads(V1, null, V2, 2), shape);
    }

    [Theory]
    [InlineData(VerdictKind.Promote, V2)]
    [InlineData(VerdictKind.RollBack, V1)]
    [InlineData(VerdictKind.NoCandidate, V1)]
    public void AfterTheVerdict_TheStableDeploymentServes(VerdictKind kind, string version)
    {
        var md = Serving(V1, Canary);

        var shape = WorkloadShape.Decide(Inputs(md, VersionResolution.Found(V2)), V1ToV2, new Verdict(kind));

        Assert.Equal(new Workloads(version, 2, null, 0), shape);
    }

    [Fact]
    public void APromotedCanary_KeepsItsPods_WhileTheStableDeploymentMovesToItsVersion()
    {
        var md = Serving(V1, spec => { spec.Replicas = 4; Canary(spec); });
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 3), RolledOut(md, V2, 1, canary: true));

        var shape = WorkloadShape.Decide(inputs, V1ToV2, new Verdict(VerdictKind.Promote));

        Assert.Equal(new Workloads(V2, 4, V2, 1), shape);
    }

    [Fact]
    public void APromotedCanary_GoesOnceTheStableDeploymentHasRolledOutItsVersion()
    {
        var md = Serving(V2, spec => { spec.Replicas = 4; Canary(spec); });
        var serving = new ChosenVersions(V2, null, HeldBack: false);
        var rollingOver = Starting(md, V2, 4);
        var canary = RolledOut(md, V2, 1, canary: true);

        var during = WorkloadShape.Decide(Inputs(md, VersionResolution.Found(V2), rollingOver, canary), serving, Verdict.None);
        var after = WorkloadShape.Decide(Inputs(md, VersionResolution.Found(V2), RolledOut(md, V2, 4), canary), serving, Verdict.None);

        Assert.Equal(new Workloads(V2, 4, V2, 1), during);
        Assert.Equal(new Workloads(V2, 4, null, 0), after);
    }

    [Fact]
    public void ARolledBackCanary_GoesAtOnce()
    {
        var md = Serving(V1, spec => { spec.Replicas = 4; Canary(spec); });
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 3), RolledOut(md, V2, 1, canary: true));

        var shape = WorkloadShape.Decide(inputs, V1ToV2, new Verdict(VerdictKind.RollBack));

        Assert.Equal(new Workloads(V1, 4, null, 0), shape);
    }
}
