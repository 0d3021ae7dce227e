namespace EcommerceMl.Artifacts;

public abstract partial class VersionedModelStore
{
    /// <summary>
    /// The store gc's part for unfinished multipart uploads (<see cref="StaleUploads"/> picks them): those anywhere in
    /// the store started at least <see cref="StaleUploads.AgeFor"/>(<paramref name="olderThan"/>) before
    /// <paramref name="now"/>, aborted unless <paramref name="dryRun"/>; what was found (or aborted).
    /// </summary>
    private async Task<IReadOnlyList<StoreGarbage>> CollectStaleUploadsAsync(DateTimeOffset now, TimeSpan olderThan, bool dryRun, CancellationToken cancellationToken)
    {
        var age = StaleUploads.AgeFor(olderThan);
        var stale = StaleUploads.Pick(await ListUnfinishedUploadsAsync(string.Empty, cancellationToken).ConfigureAwait(false), now, age);
        if (!dryRun)
        {
            stale = await AbortAsync(stale, now, age, cancellationToken).ConfigureAwait(false);
        }

        return stale
            .Select(u => new StoreGarbage(u.Path,
                $"{(u.Uploads == 1 ? "an unfinished multipart upload" : $"{u.Uploads} unfinished multipart uploads")} (a write cut short, or an upload start sent again), its parts kept and billed until aborted",
                u.NewestInitiated, u.Uploads, IsFolder: false))
            .ToList();
    }

    /// <summary>
    /// Aborts each path's uploads, looked at again just before: the abort takes every upload of the path, so one started
    /// since the listing keeps the path from being aborted. What was aborted.
    /// </summary>
    private async Task<IReadOnlyList<StaleUpload>> AbortAsync(IReadOnlyList<StaleUpload> stale, DateTimeOffset now, TimeSpan age, CancellationToken cancellationToken)
    {
        var aborted = new List<StaleUpload>(stale.Count);
        foreach (var upload in stale)
        {
            var current = await ListUnfinishedUploadsAsync(upload.Path, cancellationToken).ConfigureAwait(false);
            if (StaleUploads.Pick(current.Where(u => u.Path == upload.Path), now, age) is [var still])
            {
                await AbortUnfinishedUploadsAsync(upload.Path, cancellationToken).ConfigureAwait(false);
                aborted.Add(still);
            }
        }

        return aborted;
    }
}
