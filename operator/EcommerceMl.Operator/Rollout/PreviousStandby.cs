using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// What the standby Deployment should run (null <see cref="Version"/>: none, delete it), with how many Pods, and
/// whether the Service should send the traffic to it instead of the stable and canary Pods.
/// </summary>
public sealed record Standby(string? Version, int Replicas, bool ServesTraffic)
{
    public static Standby None { get; } = new(null, 0, ServesTraffic: false);
}

/// <summary>
/// <c>rollout.keepPrevious</c>: the version a promotion replaced keeps running, ready, in a standby Deployment outside
/// the Service, so that pinning <c>spec.version</c> back to it is a switch of the Service, not a rollout:
/// <list type="number">
/// <item>After a promotion the standby runs <c>status.previousVersion</c> with the stable side's replicas.</item>
/// <item>When the spec pins that version and the standby is rolled out, the candidate is "promoted" at once
/// (<see cref="KeptReady"/>) and the Service selects the standby's Pods, while the stable Deployment rolls back to
/// the same version behind them.</item>
/// <item>Once the stable Deployment serves it on every replica, the Service selects it again and the standby moves to
/// the new <c>previousVersion</c> (the one just left).</item>
/// </list>
/// Level-triggered: whether the standby serves is read from the two Deployments, not remembered. Pure.
/// </summary>
public static class PreviousStandby
{
    /// <summary>
    /// The Service should select the standby: it runs <paramref name="current"/> on every replica and the stable
    /// Deployment does not (yet). Only after a switch can the standby run the current version.
    /// </summary>
    public static bool ServesTraffic(RolloutInputs inputs, string? current)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (current is null || inputs.Previous is not { } standby || PredictorHealth.VersionOf(standby) != current || !PredictorHealth.IsRolledOut(standby))
        {
            return false;
        }

        return !(inputs.Stable is { } stable && PredictorHealth.VersionOf(stable) == current && PredictorHealth.IsRolledOut(stable));
    }

    /// <summary><paramref name="version"/> is the previous version and the standby serves it on every replica: switching to it is instant.</summary>
    public static bool KeptReady(RolloutInputs inputs, string version)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Rollout.KeepPrevious == true
            && inputs.Deployment.Status?.PreviousVersion == version
            && inputs.Previous is { } standby
            && PredictorHealth.VersionOf(standby) == version
            && PredictorHealth.IsRolledOut(standby);
    }

    /// <summary>The standby after this reconcile's verdict: kept while it serves; else the previous version while the spec asks; else none.</summary>
    public static Standby Decide(RolloutInputs inputs, ChosenVersions versions, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(verdict);
        var promoted = verdict.Kind == VerdictKind.Promote;
        var current = promoted ? versions.Candidate : versions.Current;
        var previous = promoted ? versions.Current : inputs.Deployment.Status?.PreviousVersion;
        var spec = inputs.Deployment.Spec;
        var replicas = spec.Autoscaling is { } autoscaling ? autoscaling.MinReplicas ?? AutoscalingSpec.DefaultMinReplicas : spec.Replicas ?? ModelDeploymentSpec.DefaultReplicas;
        if (ServesTraffic(inputs, current))
        {
            // Serving: untouched (clearing keepPrevious now would send the traffic back to a stable side still rolling).
            return new Standby(current, inputs.Previous!.Spec?.Replicas ?? replicas, ServesTraffic: true);
        }

        return inputs.Rollout.KeepPrevious == true && previous is not null && previous != current && replicas > 0
            ? new Standby(previous, replicas, ServesTraffic: false)
            : Standby.None;
    }
}
