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
/// the replicas, at least one, leaving the current version at least one; a promoted canary keeps its
/// Pods until the stable Deployment has rolled over to its version. Traffic is split by Pod count.
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
            VerdictKind.Promote => Serving(inputs, versions.Candidate!, stableReplicas),
            VerdictKind.Continue when inputs.IsCanary => WithCanary(inputs, versions.Current, stableReplicas, versions.Candidate!, CanaryPercent(inputs, versions.Candidate!, verdict)),
            VerdictKind.Continue => new Workloads(versions.Candidate, stableReplicas, null, 0),
            _ => Serving(inputs, versions.Current, stableReplicas),
        };
    }

    /// <summary>
    /// The stable Deployment serves <paramref name="version"/>; a canary just promoted to it keeps its Pods until the
    /// stable Deployment has rolled over (<see cref="PromotedCanary"/>), any other canary goes.
    /// </summary>
    private static Workloads Serving(RolloutInputs inputs, string version, int? stableReplicas) =>
        PromotedCanary.StillServes(inputs, version)
            ? new Workloads(version, stableReplicas, version, PromotedCanary.Replicas(inputs))
            : new Workloads(version, stableReplicas, null, 0);

    /// <summary>
    /// The canary's share: the analysis' current step (this reconcile's decision, else the last recorded for this
    /// candidate, else its first step), or <c>canaryTrafficPercent</c> without an analysis.
    /// </summary>
    public static int CanaryPercent(RolloutInputs inputs, string candidate, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Analysis?.Status is { CanaryWeight: > 0 } decided)
        {
            return decided.CanaryWeight;
        }

        if (inputs.Deployment.Status?.Analysis is { CanaryWeight: > 0 } recorded && recorded.Version == candidate)
        {
            return recorded.CanaryWeight;
        }

        var first = inputs.Rollout.Analysis?.Steps is [var step, ..] ? step : (int?)null;
        return first ?? inputs.Rollout.CanaryTrafficPercent ?? RolloutSpec.DefaultCanaryTrafficPercent;
    }

    /// <summary>
    /// The canary's replicas: <c>max(1, round(basis × percent / 100))</c>, at most the basis, the basis being the
    /// spec's replicas (or the HPA's minimum, the stable side then left to the HPA); the stable side keeps the rest,
    /// at least one Pod (at 100 % too: it is what a rollback returns to, and what the canary's latency is compared with).
    /// </summary>
    public static Workloads WithCanary(RolloutInputs inputs, string current, int? stableReplicas, string candidate, int? canaryPercent = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var spec = inputs.Deployment.Spec;
        var basis = stableReplicas ?? spec.Autoscaling?.MinReplicas ?? AutoscalingSpec.DefaultMinReplicas;
        var percent = canaryPercent ?? inputs.Rollout.CanaryTrafficPercent ?? RolloutSpec.DefaultCanaryTrafficPercent;
        var canaryReplicas = Math.Clamp((int)Math.Round(basis * percent / 100.0, MidpointRounding.AwayFromZero), 1, Math.Max(1, basis));
        int? stable = stableReplicas is { } n ? Math.Max(n - canaryReplicas, Math.Min(n, 1)) : null;
        return new Workloads(current, stable, candidate, canaryReplicas);
    }
}
