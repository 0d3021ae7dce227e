namespace EcommerceMl.Artifacts;

/// <summary>
/// A multipart upload a store's server holds open: started, never completed nor aborted. S3 keeps its parts (and bills
/// their bytes) until it is aborted; a writer killed mid-upload, or an upload start whose answer was lost and that was
/// sent again (<see cref="S3RetryHandler"/>), leaves one behind.
/// </summary>
/// <param name="Path">The object it would create, relative to the store root.</param>
/// <param name="Initiated">When it was started, as the server says; null when the server's date could not be read.</param>
public sealed record UnfinishedUpload(string Path, DateTimeOffset? Initiated);

/// <summary>The object path whose unfinished uploads a store gc aborts, how many there are, and when the newest was started.</summary>
public sealed record StaleUpload(string Path, int Uploads, DateTimeOffset NewestInitiated);

/// <summary>
/// Which unfinished multipart uploads a store gc may abort (pure). An upload in progress shows no object until it
/// completes, so nothing but its start date tells it from an abandoned one: only uploads started long before are
/// taken. S3's abort API, as the client offers it, aborts every upload of a key at once, so a key is taken only when
/// every upload of it is stale, and never when one of them has no readable date.
/// </summary>
public static class StaleUploads
{
    /// <summary>
    /// The youngest an upload may be to be aborted, whatever a gc's grace period: 24 hours. Far longer than any upload
    /// this platform makes takes (a model file, an event object or a batch output of a few MB to a few GB, sent at
    /// tens of MB/s, takes seconds to minutes; S3's largest object, 5 TiB at 100 MB/s, about 15 hours), and MinIO's own
    /// expiry of stale uploads (<c>api.stale_uploads_expiry</c>, 24 h by default), so a store on AWS S3, which keeps
    /// them forever, behaves as one on MinIO. Keeping an orphan a day costs a day of its bytes; aborting a live upload
    /// fails a write.
    /// </summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromHours(24);

    /// <summary>The age an upload must reach for a gc with grace <paramref name="olderThan"/>: never younger than <see cref="MinimumAge"/>.</summary>
    public static TimeSpan AgeFor(TimeSpan olderThan) => olderThan > MinimumAge ? olderThan : MinimumAge;

    /// <summary>The paths every one of whose uploads was started at least <paramref name="age"/> before <paramref name="now"/>, in path order.</summary>
    public static IReadOnlyList<StaleUpload> Pick(IEnumerable<UnfinishedUpload> uploads, DateTimeOffset now, TimeSpan age)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        return uploads
            .GroupBy(u => u.Path, StringComparer.Ordinal)
            .Where(g => g.All(u => u.Initiated is { } at && now - at >= age))
            .Select(g => new StaleUpload(g.Key, g.Count(), g.Max(u => u.Initiated!.Value)))
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
    }
}
