using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// What should exist and what to report: the stable Deployment's version and replicas (null
/// replicas: leave them to the autoscaler), the canary's (null version: no canary), the status,
/// the Events to record, and the standby keeping the previous version ready (<see cref="Previous"/>).
/// </summary>
public sealed record RolloutPlan(
    string? StableVersion,
    int? StableReplicas,
    string? CanaryVersion,
    int CanaryReplicas,
    ModelDeploymentStatus Status,
    IReadOnlyList<ClusterEvent> Events)
{
    /// <summary>The standby Deployment and whether the Service selects it (<see cref="PreviousStandby"/>).</summary>
    public Standby Previous { get; init; } = Standby.None;

    public bool InProgress => Status.ModelStatus?.TransitionStatus == TransitionStatuses.InProgress;
}
