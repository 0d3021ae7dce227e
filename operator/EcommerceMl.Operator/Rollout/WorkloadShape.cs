using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// Decision 3's answer: the stable Deployment's version (null: nothing to serve, create nothing)
/// and replicas (null: the autoscaler's), and the canary's version (null: no canary) and replicas.
/// </summary>
public sealed record Workloads(string? StableVersion, int? StableReplicas, string? CanaryVersion, int CanaryReplicas);

/// <summary>
/// Decision 3, what runs: the stable Deployment serves the current version, or the promoted
/// candidate, or (rolling update) moves to the candidate; a canary in progress gets its share of
/// the replicas, at least one, leaving the current version at least one. Traffic is split by Pod count.
/// </summary>
public static class WorkloadShape
{
    public static Workloads Decide(RolloutInputs inputs, ChosenVersions versions, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(verdict);
        var spec = inputs.Deployment.Spec;
        int? stableReplicas = spec.Autoscaling is null ? spec.Replicas ?? ModelDeploymentSpec.DefaultReplicas : null;
        if (versions.Current is null)
        {
            return new Workloads(null, stableReplicas, null, 0);
        }

        return verdict.Kind switch
        {
            VerdictKind.Promote => new Workloads(versions.Candidate, stableReplicas, null, 0),
            VerdictKind.Continue when inputs.IsCanary => WithCanary(inputs, versions.Current, stableReplicas, versions.Candidate!),
            VerdictKind.Continue => new Workloads(versions.Candidate, stableReplicas, null, 0),
            _ => new Workloads(versions.Current, stableReplicas, null, 0),
        };
    }

    /// <summary>
    /// The canary's replicas: <c>max(1, round(basis × canaryTrafficPercent / 100))</c>, the basis
    /// being the spec's replicas (or the HPA's minimum, the stable side then left to the HPA).
    /// </summary>
    public static Workloads WithCanary(RolloutInputs inputs, string current, int? stableReplicas, string candidate)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var spec = inputs.Deployment.Spec;
        var basis = stableReplicas ?? spec.Autoscaling?.MinReplicas ?? AutoscalingSpec.DefaultMinReplicas;
        var percent = inputs.Rollout.CanaryTrafficPercent ?? RolloutSpec.DefaultCanaryTrafficPercent;
        var canaryReplicas = Math.Max(1, (int)Math.Round(basis * percent / 100.0, MidpointRounding.AwayFromZero));
        int? stable = stableReplicas is { } n ? Math.Max(n - canaryReplicas, Math.Min(n, 1)) : null;
        return new Workloads(current, stable, candidate, canaryReplicas);
    }
}
