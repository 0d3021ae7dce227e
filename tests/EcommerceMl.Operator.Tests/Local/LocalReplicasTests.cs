using EcommerceMl.Operator.Local;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>A Deployment's replicas in local mode, as the Deployment controller keeps them with maxUnavailable 0.</summary>
public sealed class LocalReplicasTests
{
    private static ReplicaState<string> Old(string name, bool ready = true) => new(name, Updated: false, ready);

    private static ReplicaState<string> New(string name, bool ready = true) => new(name, Updated: true, ready);

    [Fact]
    public void FromNothing_StartsEveryReplica() =>
        Assert.Equal("stop [], start 3", Shape(LocalReplicas.Plan<string>([], replicas: 3, maxSurge: 1)));

    [Fact]
    public void ANewTemplate_StartsOnlyTheSurge_AndKeepsEveryReadyOldReplica_UntilANewOneIsReady()
    {
        Assert.Equal("stop [], start 1", Shape(LocalReplicas.Plan([Old("a"), Old("b"), Old("c")], replicas: 3, maxSurge: 1)));
        Assert.Equal("stop [], start 0", Shape(LocalReplicas.Plan([Old("a"), Old("b"), Old("c"), New("d", ready: false)], replicas: 3, maxSurge: 1)));
        // d is ready and stands for one old replica, which goes; the next new one may start.
        Assert.Equal("stop [c], start 1", Shape(LocalReplicas.Plan([Old("a"), Old("b"), Old("c"), New("d")], replicas: 3, maxSurge: 1)));
        Assert.Equal("stop [c,b,a], start 0", Shape(LocalReplicas.Plan([Old("a"), Old("b"), Old("c"), New("d"), New("e"), New("f")], replicas: 3, maxSurge: 1)));
    }

    [Fact]
    public void OldReplicasThatAreNotReady_GoAtOnce_ForTheyServeNothing() =>
        Assert.Equal("stop [b], start 2", Shape(LocalReplicas.Plan([Old("a"), Old("b", ready: false)], replicas: 2, maxSurge: 1)));

    [Fact]
    public void AScaleDown_StopsTheReplicasNotReadyFirst_ThenTheNewest() =>
        Assert.Equal("stop [c,b], start 0", Shape(LocalReplicas.Plan([New("a"), New("b"), New("c", ready: false)], replicas: 1, maxSurge: 1)));

    [Fact]
    public void AScaleUp_StartsEveryMissingReplica() =>
        Assert.Equal("stop [], start 3", Shape(LocalReplicas.Plan([New("a")], replicas: 4, maxSurge: 1)));

    [Fact]
    public void ZeroReplicas_StopsThemAll() =>
        Assert.Equal("stop [b,a], start 0", Shape(LocalReplicas.Plan([New("a"), New("b")], replicas: 0, maxSurge: 1)));

    [Theory]
    [InlineData("1", 4, 1)]
    [InlineData("25%", 4, 1)]
    [InlineData("25%", 5, 2)]
    [InlineData(null, 8, 2)]
    public void MaxSurge_IsACount_OrAPercentageRoundedUp_And25PercentWhenUnset(string? maxSurge, int replicas, int expected)
    {
        var deployment = new V1Deployment
        {
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Strategy = maxSurge is null ? null : new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = "0" } },
            },
        };

        Assert.Equal(expected, LocalReplicas.MaxSurge(deployment));
    }

    private static string Shape(ReplicaPlan<string> plan) => $"stop [{string.Join(',', plan.Stop)}], start {plan.Start}";
}
