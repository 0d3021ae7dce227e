using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// A Model's history limits, pure: which finished TrainingJobs go, keeping the newest
/// <c>successfulJobsHistoryLimit</c> that succeeded and <c>failedJobsHistoryLimit</c> that failed (as
/// a CronJob does). Never the active run, and never the run of a version the Model still reports
/// (servable or newest): a TrainingJob with <c>output.deleteArtifactsOnDelete</c> takes its version
/// with it. Version retention in the store is another matter (<c>spec.retention</c>).
/// </summary>
public static class RunRetention
{
    public static IReadOnlyList<string> ToDelete(ModelSpec spec, IReadOnlyList<TrainingJob> runs, params string?[] versionsInUse)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runs);
        var inUse = versionsInUse.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return
        [
            .. Beyond(runs, TrainingJobPhases.Succeeded, spec.SuccessfulJobsHistoryLimit ?? ModelSpec.DefaultSuccessfulJobsHistoryLimit, inUse),
            .. Beyond(runs, TrainingJobPhases.Failed, spec.FailedJobsHistoryLimit ?? ModelSpec.DefaultFailedJobsHistoryLimit, inUse),
        ];
    }

    private static IEnumerable<string> Beyond(IReadOnlyList<TrainingJob> runs, string phase, int keep, HashSet<string> inUse) =>
        runs.Where(r => r.Status?.Phase == phase)
            .OrderByDescending(r => r.Status!.CompletionTime ?? r.Metadata.CreationTimestamp)
            .ThenByDescending(r => r.Metadata.Name, StringComparer.Ordinal)
            .Skip(keep)
            .Where(r => r.Status!.ModelVersion is not { } version || !inUse.Contains(version))
            .Select(r => r.Metadata.Name);
}
