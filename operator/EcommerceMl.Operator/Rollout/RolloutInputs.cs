using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Rollout;

/// <summary>The spec's version looked up in the store: a concrete version, or why there is none.</summary>
public sealed record VersionResolution(string? Version, string? FailureReason = null, string? FailureMessage = null)
{
    public static VersionResolution Found(string version) => new(version);

    public static VersionResolution Missing(string reason, string message) => new(null, reason, message);
}

/// <summary>
/// What the reconciler read: the ModelDeployment (its status is the rollout's memory), the
/// resolved version, both Deployments and their Pods, whether the resolved version is worse than
/// the serving one on the gate metric, the one clock every decision reads, the live traffic of the canary
/// analysis' interval that just ended (null when none did: no analysis, or the interval is still running), and the
/// standby Deployment keeping the previous version ready (<see cref="PreviousStandby"/>; null when there is none).
/// </summary>
public sealed record RolloutInputs(
    ModelDeployment Deployment,
    VersionResolution Resolution,
    V1Deployment? Stable,
    V1Deployment? Canary,
    IReadOnlyList<V1Pod> Pods,
    string? CandidateWorseBecause,
    DateTime Now,
    Analysis.IntervalTraffic? Traffic = null,
    V1Deployment? Previous = null)
{
    public RolloutSpec Rollout => Deployment.Spec.Rollout ?? new RolloutSpec();

    public bool IsCanary => Rollout.Strategy == RolloutSpec.Canary;

    public int AnalysisSeconds => Rollout.AnalysisSeconds ?? RolloutSpec.DefaultAnalysisSeconds;
}
