using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Rollout;

/// <summary>What the planner's decisions read, built the way the reconciler reads it.</summary>
internal static class RolloutFixtures
{
    public const string V1 = "20261123T010000Z-aaaaaa";
    public const string V2 = "20261123T020000Z-bbbbbb";
    public static readonly DateTime Now = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);

    public static ModelDeployment Serving(string? version, Action<ModelDeploymentSpec>? configure = null)
    {
        var md = TestResources.ModelDeployment(configure: configure);
        md.Status = version is null ? null : new ModelDeploymentStatus { CurrentVersion = version };
        return md;
    }

    public static void Canary(ModelDeploymentSpec spec) => spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, CanaryTrafficPercent = 25 };

    public static V1Deployment RolledOut(ModelDeployment md, string version, int replicas, bool canary = false)
    {
        var deployment = Written(md, version, replicas, canary);
        deployment.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = replicas, UpdatedReplicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas };
        return deployment;
    }

    /// <summary>Written a minute ago, no Pod of the version available yet.</summary>
    public static V1Deployment Starting(ModelDeployment md, string version, int replicas, bool canary = false)
    {
        var deployment = Written(md, version, replicas, canary);
        deployment.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = replicas, UpdatedReplicas = replicas, ReadyReplicas = 0, AvailableReplicas = 0 };
        return deployment;
    }

    public static V1Pod CrashLooping(V1Deployment deployment) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{deployment.Metadata.Name}-x7k2p", Labels = deployment.Spec.Template.Metadata.Labels },
        Status = new V1PodStatus
        {
            ContainerStatuses = [new V1ContainerStatus { Name = ModelDeploymentBuilder.ContainerName, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } } }],
        },
    };

    public static RolloutInputs Inputs(
        ModelDeployment md, VersionResolution resolution, V1Deployment? stable = null, V1Deployment? canary = null,
        IReadOnlyList<V1Pod>? pods = null, string? worse = null, DateTime? now = null) =>
        new(md, resolution, stable, canary, pods ?? [], worse, now ?? Now);

    private static V1Deployment Written(ModelDeployment md, string version, int replicas, bool canary)
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(md, version, TestResources.Settings, replicas, canary);
        deployment.Metadata.Generation = 1;
        deployment.Metadata.CreationTimestamp = Now.AddMinutes(-1);
        return deployment;
    }
}
