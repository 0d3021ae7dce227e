using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Inference.Contracts;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>
/// Reads one model's timeline from the store, bounded: one LIST of version ids, the newest
/// <see cref="MaxVersions"/> manifests (one GET each), and the newest <see cref="MaxReports"/> monitoring
/// reports over those versions, newest versions first (one LIST per version until enough are read, one GET per report).
/// A manifest or report that cannot be read becomes a note, never a failure.
/// </summary>
internal static class TimelineReader
{
    public const int MaxVersions = 20;
    public const int MaxReports = 120;

    public static async Task<ModelTimeline> ReadAsync(IModelStore store, string model, string? serving, CancellationToken cancellationToken)
    {
        var ids = await store.ListVersionIdsAsync(model, cancellationToken);
        var notes = new List<string>();
        if (ids.Count > MaxVersions)
        {
            notes.Add($"Showing the newest {MaxVersions} of {ids.Count} versions.");
        }

        var versions = new List<TimelineVersion>();
        foreach (var id in ids.Skip(Math.Max(0, ids.Count - MaxVersions)))
        {
            try
            {
                if (await store.GetManifestAsync(model, id, cancellationToken) is { } manifest)
                {
                    versions.Add(TimelineVersions.Describe(manifest));
                }
            }
            catch (ModelIntegrityException e)
            {
                notes.Add($"Version {id} is left out: {e.Message}");
            }
        }

        var reports = new List<MonitoringReport>();
        for (var i = versions.Count - 1; i >= 0 && reports.Count < MaxReports; i--)
        {
            var list = await store.ListMonitoringReportsAsync(model, versions[i].Version, MaxReports - reports.Count, cancellationToken);
            reports.AddRange(list.Reports);
            notes.AddRange(list.Unreadable.Select(u => $"Monitoring report {u.Path} is left out: {u.Reason}"));
        }

        if (reports.Count == MaxReports)
        {
            notes.Add($"Showing the newest {MaxReports} monitoring reports.");
        }

        return new ModelTimeline(
            model,
            serving,
            ids.Count,
            new TimelineLimits(MaxVersions, MaxReports),
            versions,
            [.. reports.OrderBy(r => r.CheckedAt)],
            notes);
    }
}
