using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using k8s.Models;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// The version a ModelDeployment serves, when its status no longer says (status wiped, the
/// resource restored from a backup without status, <c>kubectl replace</c> of the whole object).
/// The cluster still knows: the stable Deployment's Pods. Without this the reconciler would take
/// the newest version for a first deploy and replace what serves at once, skipping the canary.
/// </summary>
public static class ServedVersion
{
    /// <summary>
    /// <c>status.currentVersion</c> when set; else the stable Deployment's version when it is
    /// rolled out, or when our canary Deployment runs it too (only a promotion moves the stable Deployment to
    /// the canary's version: the promoted canary still serves while it rolls over); during its own rollout
    /// the version its ready Pods still run (the template already names the one being rolled out); null when
    /// nothing of ours serves.
    /// </summary>
    public static string? Recover(ModelDeployment md, V1Deployment? stable, IEnumerable<V1Pod> pods, V1Deployment? canary = null)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(pods);
        if (md.Status?.CurrentVersion is { } recorded)
        {
            return recorded;
        }

        if (stable is null || !OwnerReferences.IsControlledBy(stable, md) || PredictorHealth.VersionOf(stable) is not { } template)
        {
            return null;
        }

        if (PredictorHealth.IsRolledOut(stable)
            || (canary is not null && OwnerReferences.IsControlledBy(canary, md) && PredictorHealth.VersionOf(canary) == template))
        {
            return template;
        }

        var stillServing = pods
            .Where(p => Label(p, ModelDeploymentBuilder.TrackLabel) == ModelDeploymentBuilder.StableTrack && IsReady(p))
            .Select(p => Label(p, StandardLabels.ModelVersion))
            .OfType<string>()
            .Where(v => v != template)
            .GroupBy(v => v, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();
        return stillServing ?? template;
    }

    /// <summary>
    /// <paramref name="md"/> as the planner should see it: when its status lost the serving version,
    /// a copy whose status has it back (the object read stays as it was, so the status write compares against the truth).
    /// </summary>
    public static ModelDeployment WithRecoveredStatus(ModelDeployment md, V1Deployment? stable, IEnumerable<V1Pod> pods, V1Deployment? canary = null)
    {
        ArgumentNullException.ThrowIfNull(md);
        if (md.Status?.CurrentVersion is not null || Recover(md, stable, pods, canary) is not { } serving)
        {
            return md;
        }

        var status = md.Status is null ? new ModelDeploymentStatus() : StatusCopy.Of(md.Status);
        status.CurrentVersion = serving;
        return new ModelDeployment { ApiVersion = md.ApiVersion, Kind = md.Kind, Metadata = md.Metadata, Spec = md.Spec, Status = status };
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == ConditionStatus.True) == true;

    private static string? Label(V1Pod pod, string key) =>
        pod.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
