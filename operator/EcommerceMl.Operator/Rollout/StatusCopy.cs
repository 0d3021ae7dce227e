using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Rollout;

/// <summary>Deep copies of a ModelDeployment's status, so a plan never edits the object read from the cluster.</summary>
public static class StatusCopy
{
    public static ModelDeploymentStatus Of(ModelDeploymentStatus? current) => new()
    {
        ObservedGeneration = current?.ObservedGeneration,
        CurrentVersion = current?.CurrentVersion,
        CandidateVersion = current?.CandidateVersion,
        PreviousVersion = current?.PreviousVersion,
        Traffic = current?.Traffic is null ? null : [.. current.Traffic.Select(t => new TrafficTarget { Version = t.Version, Percent = t.Percent, Tag = t.Tag })],
        Endpoint = current?.Endpoint,
        ReadyReplicas = current?.ReadyReplicas,
        ModelStatus = current?.ModelStatus,
        Analysis = current?.Analysis,
        Conditions = Conditions.Copy(current?.Conditions),
    };
}
