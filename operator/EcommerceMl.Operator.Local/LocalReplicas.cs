using System.Globalization;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>One running replica as the plan sees it: of the Deployment's current Pod template or an older one, ready or not.</summary>
public sealed record ReplicaState<T>(T Replica, bool Updated, bool Ready);

/// <summary>What to do now: the replicas to stop, and how many of the current template to start.</summary>
public sealed record ReplicaPlan<T>(IReadOnlyList<T> Stop, int Start);

/// <summary>
/// A Deployment's replicas as the Deployment controller keeps them under a rolling update with
/// <c>maxUnavailable: 0</c> (what <c>ModelDeploymentBuilder</c> sets), pure: a ready replica of an older template
/// goes only once a ready one of the current template stands for it; one that is not ready goes at once (it
/// serves nothing, as the controller scales unhealthy old Pods down first); at most <c>replicas + maxSurge</c>
/// run while the update goes on; a scale-down stops the replicas that are not ready first, then the newest.
/// </summary>
public static class LocalReplicas
{
    public static ReplicaPlan<T> Plan<T>(IReadOnlyList<ReplicaState<T>> running, int replicas, int maxSurge)
    {
        ArgumentNullException.ThrowIfNull(running);
        var wanted = Math.Max(0, replicas);
        // Not-ready first, then newest first: the order in which surplus replicas go.
        var updated = running.Where(r => r.Updated).Reverse().OrderBy(r => r.Ready).ToList();
        var old = running.Where(r => !r.Updated).Reverse().OrderBy(r => r.Ready).ToList();
        var readyUpdated = Math.Min(wanted, updated.Count(r => r.Ready));
        var oldToKeep = Math.Min(old.Count(r => r.Ready), wanted - readyUpdated);
        List<T> stop =
        [
            .. updated.Take(Math.Max(0, updated.Count - wanted)).Select(r => r.Replica),
            .. old.Take(old.Count - oldToKeep).Select(r => r.Replica),
        ];
        var left = running.Count - stop.Count;
        var missing = Math.Max(0, wanted - updated.Count);
        return new ReplicaPlan<T>(stop, Math.Min(missing, Math.Max(0, wanted + Math.Max(1, maxSurge) - left)));
    }

    /// <summary>The Deployment's <c>maxSurge</c> in replicas (a count, or a percentage rounded up as the controller does); 25% when unset, as the API defaults it.</summary>
    public static int MaxSurge(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var replicas = Math.Max(0, deployment.Spec?.Replicas ?? 1);
        var value = deployment.Spec?.Strategy?.RollingUpdate?.MaxSurge?.Value ?? "25%";
        if (value.EndsWith('%') && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
        {
            return (int)Math.Ceiling(replicas * percent / 100);
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1;
    }
}
