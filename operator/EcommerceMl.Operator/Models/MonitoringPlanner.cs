using k8s.Models;

namespace EcommerceMl.Operator.Models;

/// <summary>What to do about monitoring now: the Job to create (null: none), the finished ones to delete, when the next slot starts.</summary>
public sealed record MonitoringPlan(string? Create, IReadOnlyList<string> Delete, DateTimeOffset? NextSlot);

/// <summary>
/// A Model's monitoring, pure: one Job per slot of <c>monitoring.interval</c> (slots counted from
/// the Unix epoch, so every replica and every restart agrees on them and the slot names the Job),
/// only while a version is servable, the spec valid and the Model not suspended, and never beside
/// one still running. The newest <see cref="KeepFinished"/> finished Jobs are kept to look at.
/// </summary>
public static class MonitoringPlanner
{
    public const int KeepFinished = 3;

    public static MonitoringPlan Plan(string model, ModelPolicy? policy, string? servableVersion, IReadOnlyList<V1Job> jobs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var finished = jobs.Where(IsFinished).OrderByDescending(j => j.Metadata.CreationTimestamp).ThenByDescending(j => j.Metadata.Name, StringComparer.Ordinal).ToList();
        var delete = finished.Skip(KeepFinished).Select(j => j.Metadata.Name).ToList();
        if (policy?.MonitoringInterval is not { } interval || policy.Suspended || servableVersion is null)
        {
            return new MonitoringPlan(null, delete, null);
        }

        var slot = SlotOf(now, interval);
        var name = TrainingRunNames.Monitoring(model, slot);
        var create = jobs.Any(j => j.Metadata.Name == name) || jobs.Any(j => !IsFinished(j)) ? null : name;
        return new MonitoringPlan(create, delete, slot + interval);
    }

    /// <summary>The start of the slot <paramref name="now"/> falls in.</summary>
    public static DateTimeOffset SlotOf(DateTimeOffset now, TimeSpan interval) =>
        new(now.UtcTicks - ((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % interval.Ticks), TimeSpan.Zero);

    private static bool IsFinished(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;
}
