using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class ServedVersionTests
{
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";

    private static V1Deployment Stable(ModelDeployment md, string version, bool rolledOut)
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(md, version, TestResources.Settings, 2);
        deployment.Metadata.Generation = 1;
        deployment.Status = rolledOut
            ? new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 2, UpdatedReplicas = 2, AvailableReplicas = 2 }
            : new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 3, UpdatedReplicas = 1, AvailableReplicas = 2 };
        return deployment;
    }

    private static V1Pod Pod(string version, bool ready, string track = ModelDeploymentBuilder.StableTrack) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"pod-{version}-{track}",
            Labels = new Dictionary<string, string> { [StandardLabels.ModelVersion] = version, [ModelDeploymentBuilder.TrackLabel] = track },
        },
        Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    [Fact]
    public void Recover_PrefersTheRecordedCurrentVersion()
    {
        var md = TestResources.ModelDeployment();
        md.Status = new ModelDeploymentStatus { CurrentVersion = V1 };

        Assert.Equal(V1, ServedVersion.Recover(md, Stable(md, V2, rolledOut: true), []));
    }

    [Fact]
    public void Recover_WithoutStatus_IsTheRolledOutStableDeploymentsVersion()
    {
        var md = TestResources.ModelDeployment();

        Assert.Equal(V1, ServedVersion.Recover(md, Stable(md, V1, rolledOut: true), []));
    }

    [Fact]
    public void Recover_DuringTheStableDeploymentsOwnRollout_IsWhatItsReadyPodsStillServe()
    {
        var md = TestResources.ModelDeployment();

        var served = ServedVersion.Recover(md, Stable(md, V2, rolledOut: false),
            [Pod(V1, ready: true), Pod(V2, ready: false), Pod(V2, ready: true, track: ModelDeploymentBuilder.CanaryTrack)]);

        Assert.Equal(V1, served);
    }

    [Fact]
    public void Recover_WhileAPromotedCanaryFinishes_IsThePromotedVersion_NotWhatTheOldPodsStillServe()
    {
        var md = TestResources.ModelDeployment();
        var canary = ModelDeploymentBuilder.BuildDeployment(md, V2, TestResources.Settings, 1, canary: true);

        var served = ServedVersion.Recover(md, Stable(md, V2, rolledOut: false), [Pod(V1, ready: true), Pod(V2, ready: true, track: ModelDeploymentBuilder.CanaryTrack)], canary);

        Assert.Equal(V2, served);
    }

    [Fact]
    public void Recover_WhenNothingOfOursServes_IsNull()
    {
        var md = TestResources.ModelDeployment();
        var foreign = Stable(TestResources.ModelDeployment("someone-else"), V1, rolledOut: true);

        Assert.Null(ServedVersion.Recover(md, null, []));
        Assert.Null(ServedVersion.Recover(md, foreign, []));
    }

    [Fact]
    public void WithRecoveredStatus_LeavesTheObjectReadUntouched()
    {
        var md = TestResources.ModelDeployment();

        var observed = ServedVersion.WithRecoveredStatus(md, Stable(md, V1, rolledOut: true), []);

        Assert.Equal(V1, observed.Status!.CurrentVersion);
        Assert.Null(md.Status);
        Assert.Same(md.Metadata, observed.Metadata);
    }
}
