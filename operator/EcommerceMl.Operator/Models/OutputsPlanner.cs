using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using k8s.Models;

namespace EcommerceMl.Operator.Models;

/// <summary>What to do about a Model's batch outputs now: the version whose Job to create (null: none), the Jobs to delete, the status as observed.</summary>
public sealed record OutputsPlan(string? Create, IReadOnlyList<string> Delete, BatchOutputStatus? Status);

/// <summary>
/// A Model's batch outputs (<c>spec.outputs</c>), pure: one Indexed Job per servable version, named after
/// it (<see cref="BatchOutputJobBuilder.JobName"/>), created once the version is servable while the spec is
/// valid and the Model not suspended — and never again once that version's outputs succeeded (deleting a
/// failed Job runs it again). A Job of an older version still running is superseded and deleted (the shards
/// it committed are harmless: that version never becomes complete, so no view shows them); the newest
/// <see cref="KeepFinished"/> finished Jobs are kept to look at. The status follows the current version's Job.
/// </summary>
public static class OutputsPlanner
{
    public const int KeepFinished = 2;

    public static OutputsPlan Plan(Model model, string? servableVersion, IReadOnlyList<V1Job> jobs, bool mayStart)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(jobs);
        var before = model.Status?.Outputs;
        var name = servableVersion is null ? null : BatchOutputJobBuilder.JobName(model.Metadata.Name, servableVersion);
        var current = jobs.FirstOrDefault(j => j.Metadata.Name == name);
        var superseded = jobs.Where(j => j.Metadata.Name != name && !IsFinished(j)).Select(j => j.Metadata.Name);
        var pruned = jobs.Where(IsFinished).OrderByDescending(j => j.Metadata.CreationTimestamp).ThenByDescending(j => j.Metadata.Name, StringComparer.Ordinal)
            .Skip(KeepFinished).Select(j => j.Metadata.Name);
        var delete = superseded.Concat(pruned).Where(n => n != name).Distinct(StringComparer.Ordinal).ToList();
        if (model.Spec.Outputs is null || servableVersion is null)
        {
            return new OutputsPlan(null, delete, before);
        }

        var done = before is { Phase: BatchOutputStatus.Succeeded } && before.Version == servableVersion;
        var create = current is null && mayStart && !done ? servableVersion : null;
        return new OutputsPlan(create, delete, current is not null ? StatusOf(current, servableVersion) : before);
    }

    /// <summary>The status of an outputs Job: Running until a Complete or Failed condition, shards counted from its succeeded Pods.</summary>
    public static BatchOutputStatus StatusOf(V1Job job, string version)
    {
        ArgumentNullException.ThrowIfNull(job);
        var failed = job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == ConditionStatus.True);
        var complete = job.Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == ConditionStatus.True) == true;
        var shards = job.Spec?.Completions ?? 1;
        return new BatchOutputStatus
        {
            Version = version,
            Job = job.Metadata.Name,
            Phase = failed is not null ? BatchOutputStatus.Failed : complete ? BatchOutputStatus.Succeeded : BatchOutputStatus.Running,
            Shards = shards,
            CompletedShards = complete ? shards : Math.Min(shards, job.Status?.Succeeded ?? 0),
            CompletedIndexes = job.Status?.CompletedIndexes,
            StartTime = job.Status?.StartTime is { } start ? ApiTime.WholeSeconds(start) : null,
            CompletionTime = job.Status?.CompletionTime is { } end ? ApiTime.WholeSeconds(end) : null,
            Message = failed is null ? null : $"{failed.Reason}: {failed.Message}",
        };
    }

    /// <summary>The Events of the change from <paramref name="before"/> to <paramref name="after"/>: once per Job and phase.</summary>
    public static IReadOnlyList<ClusterEvent> Events(BatchOutputStatus? before, BatchOutputStatus? after)
    {
        if (after is null || (before?.Job == after.Job && before.Version == after.Version && before.Phase == after.Phase))
        {
            return [];
        }

        var jobName = string.IsNullOrEmpty(after.Job) ? "its Job" : $"Job {after.Job}";
        return after.Phase switch
        {
            BatchOutputStatus.Succeeded => [new ClusterEvent(ClusterEvent.Normal, ModelReasons.OutputsWritten,
                $"Every shard ({after.Shards}) of version {after.Version}'s batch outputs is written ({jobName}); the latest_* views (the _LATEST pointer of CSV outputs) show it.")],
            BatchOutputStatus.Failed => [new ClusterEvent(ClusterEvent.Warning, ModelReasons.OutputsFailed,
                $"The batch outputs of version {after.Version} failed ({jobName}): {after.Message ?? "no message"}. Readers keep the previous complete version; delete the Job to run it again.")],
            _ when before?.Job != after.Job => [new ClusterEvent(ClusterEvent.Normal, ModelReasons.OutputsStarted,
                $"Started {jobName} writing the batch outputs of version {after.Version} in {after.Shards} shard{(after.Shards == 1 ? "" : "s")}.")],
            _ => [],
        };
    }

    private static bool IsFinished(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == ConditionStatus.True) == true;
}
