using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using static EcommerceMl.Operator.Tests.Rollout.RolloutFixtures;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class PreviousStandbyTests
{
    private static ModelDeployment KeepingPrevious(string current, string? previous, Action<ModelDeploymentSpec>? configure = null)
    {
        var md = Serving(current, s =>
        {
            s.Replicas = 3;
            s.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, KeepPrevious = true };
            configure?.Invoke(s);
        });
        md.Status!.PreviousVersion = previous;
        return md;
    }

    private static V1Deployment StandbyOf(ModelDeployment md, string version, bool rolledOut)
    {
        var deployment = ModelDeploymentBuilder.BuildPreviousDeployment(md, version, TestResources.Settings, 3);
        deployment.Metadata.Generation = 1;
        deployment.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 3, UpdatedReplicas = 3, AvailableReplicas = rolledOut ? 3 : 0 };
        return deployment;
    }

    private static RolloutInputs With(RolloutInputs inputs, V1Deployment? standby) => inputs with { Previous = standby };

    [Fact]
    public void Decide_AfterAPromotion_KeepsTheReplacedVersion_WithTheStableSidesReplicas_OutsideTheService()
    {
        var md = KeepingPrevious(V1, null);
        var inputs = Inputs(md, VersionResolution.Found(V2), RolledOut(md, V1, 2), RolledOut(md, V2, 1, canary: true));

        var standby = PreviousStandby.Decide(inputs, new ChosenVersions(V1, V2, false), new Verdict(VerdictKind.Promote));

        Assert.Equal(new Standby(V1, 3, ServesTraffic: false), standby);
    }

    [Fact]
    public void Decide_WithAutoscaling_SizesTheStandbyAtTheAutoscalersMinimum()
    {
        var md = KeepingPrevious(V2, V1, s => s.Autoscaling = new AutoscalingSpec { MinReplicas = 2, MaxReplicas = 10 });

        var standby = PreviousStandby.Decide(Inputs(md, VersionResolution.Found(V2), RolledOut(md, V2, 4)), new ChosenVersions(V2, null, false), Verdict.None);

        Assert.Equal(new Standby(V1, 2, ServesTraffic: false), standby);
    }

    [Fact]
    public void Decide_WithoutKeepPrevious_OrWithoutAPreviousVersion_KeepsNone()
    {
        var cleared = KeepingPrevious(V2, V1, s => s.Rollout!.KeepPrevious = false);
        var firstDeploy = KeepingPrevious(V2, null);

        Assert.Equal(Standby.None, PreviousStandby.Decide(Inputs(cleared, VersionResolution.Found(V2)), new ChosenVersions(V2, null, false), Verdict.None));
        Assert.Equal(Standby.None, PreviousStandby.Decide(Inputs(firstDeploy, VersionResolution.Found(V2)), new ChosenVersions(V2, null, false), Verdict.None));
    }

    [Fact]
    public void ServesTraffic_OnlyWhileTheStandbyRunsTheCurrentVersionOnEveryReplica_AndTheStableDeploymentDoesNot()
    {
        // After a switch to v1: the standby runs it, the stable Deployment still rolls from v2 to v1.
        var md = KeepingPrevious(V1, V2);
        var rollingBack = RolledOut(md, V2, 3);
        rollingBack.Spec.Template.Metadata.Labels[StandardLabels.ModelVersion] = V1;
        rollingBack.Metadata.Generation = 2;

        Assert.True(PreviousStandby.ServesTraffic(With(Inputs(md, VersionResolution.Found(V1), rollingBack), StandbyOf(md, V1, rolledOut: true)), V1));
        Assert.False(PreviousStandby.ServesTraffic(With(Inputs(md, VersionResolution.Found(V1), RolledOut(md, V1, 3)), StandbyOf(md, V1, rolledOut: true)), V1));
        Assert.False(PreviousStandby.ServesTraffic(With(Inputs(md, VersionResolution.Found(V1), rollingBack), StandbyOf(md, V1, rolledOut: false)), V1));
        Assert.False(PreviousStandby.ServesTraffic(With(Inputs(md, VersionResolution.Found(V1), rollingBack), StandbyOf(md, V2, rolledOut: true)), V1));
    }

    [Fact]
    public void KeptReady_NeedsKeepPrevious_TheRecordedPreviousVersion_AndARolledOutStandbyRunningIt()
    {
        var md = KeepingPrevious(V2, V1);
        var stable = RolledOut(md, V2, 3);

        Assert.True(PreviousStandby.KeptReady(With(Inputs(md, VersionResolution.Found(V1), stable), StandbyOf(md, V1, rolledOut: true)), V1));
        Assert.False(PreviousStandby.KeptReady(With(Inputs(md, VersionResolution.Found(V1), stable), StandbyOf(md, V1, rolledOut: false)), V1));
        Assert.False(PreviousStandby.KeptReady(Inputs(md, VersionResolution.Found(V1), stable), V1));
        var notKept = KeepingPrevious(V2, V1, s => s.Rollout!.KeepPrevious = null);
        Assert.False(PreviousStandby.KeptReady(With(Inputs(notKept, VersionResolution.Found(V1), stable), StandbyOf(notKept, V1, rolledOut: true)), V1));
    }

    [Fact]
    public void BuildPreviousDeployment_LabelsItsPodsOutsideTheServicesSelector_AndBothDeploymentSelectorsApart()
    {
        var md = KeepingPrevious(V2, V1);

        var standby = ModelDeploymentBuilder.BuildPreviousDeployment(md, V1, TestResources.Settings, 3);
        var service = ModelDeploymentBuilder.BuildService(md);
        var switched = ModelDeploymentBuilder.BuildService(md, toPrevious: true);

        Assert.Equal("shop-recs-predictor-previous", standby.Metadata.Name);
        var labels = standby.Spec.Template.Metadata.Labels;
        Assert.False(service.Spec.Selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value));
        Assert.True(switched.Spec.Selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value));
        Assert.True(standby.Spec.Selector.MatchLabels.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value));
        Assert.Equal(V1, labels[StandardLabels.ModelVersion]);
    }
}
