using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>Deletes the sink's day partitions older than the retention: every <c>events/dt=…</c> before the cutoff day.</summary>
public static class EventRetention
{
    /// <summary>The days deleted. A day is kept while any of it is within <paramref name="retentionDays"/> of <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<DateOnly>> DeleteExpiredAsync(IEventObjects objects, DateTimeOffset now, int retentionDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionDays, 1);
        var firstKept = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-retentionDays);
        var deleted = new List<DateOnly>();
        foreach (var folder in await objects.ListFoldersAsync(EventSinkLayout.Root, cancellationToken).ConfigureAwait(false))
        {
            if (EventSinkLayout.DayOf(folder) is { } day && day < firstKept)
            {
                await objects.DeleteFolderAsync(folder, cancellationToken).ConfigureAwait(false);
                deleted.Add(day);
            }
        }

        return deleted;
    }
}
