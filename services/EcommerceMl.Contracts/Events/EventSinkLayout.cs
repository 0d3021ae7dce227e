using System.Globalization;
using System.Text;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// Where the event sink puts its objects, next to the models in the same store:
/// <c>events/dt=YYYY-MM-DD/hh=HH/{writerId}-{sequence:D10}.jsonl.gz</c>. One object is one flushed batch of
/// <see cref="ShopEventRecord"/> JSON lines, gzip-compressed, written once and never changed. The hour is the UTC hour
/// of the flush (events are received up to the flush, so an event's <c>receivedAt</c> is never after its partition's
/// end); the writer id is unique per server process, so two servers never write the same name.
/// </summary>
public static class EventSinkLayout
{
    public const string Root = "events";
    public const string Extension = ".jsonl.gz";
    public const string ContentType = "application/x-ndjson";

    /// <summary>An hour's compacted object: its source objects' events as columns (the version is in the name, so a reader of another version ignores it).</summary>
    public const string CompactedName = "_columns.v1.bin.gz";

    /// <summary>
    /// How long after its end an hour is closed, so compacting it is worth it: an object is named for the hour of its
    /// write's start, so one can appear after the hour's end only while that write (with its retries, seconds) is in
    /// flight or a server's clock is behind. One that appears later is still read, beside the compacted object.
    /// </summary>
    public static readonly TimeSpan HourClosesAfter = TimeSpan.FromMinutes(10);

    /// <summary>The path of an hour's compacted object: <c>events/dt=2026-12-06/hh=09/_columns.v1.bin.gz</c>.</summary>
    public static string CompactedPath(DateTimeOffset hour) => $"{PartitionPath(Hour(hour))}/{CompactedName}";

    /// <summary>Whether the hour that starts at <paramref name="hour"/> is closed at <paramref name="now"/> (see <see cref="HourClosesAfter"/>).</summary>
    public static bool IsClosed(DateTimeOffset hour, DateTimeOffset now) => Hour(hour).AddHours(1) + HourClosesAfter <= now;

    /// <summary>The MIME type an object of the sink is stored with: JSON lines, or binary for a compacted object.</summary>
    public static string ContentTypeOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(Extension, StringComparison.Ordinal) ? ContentType : "application/octet-stream";
    }

    /// <summary>The name of one flushed batch.</summary>
    public static string ObjectPath(DateTimeOffset flushedAt, string writerId, long sequence)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(writerId);
        return $"{PartitionPath(Hour(flushedAt))}/{writerId}-{sequence.ToString("D10", CultureInfo.InvariantCulture)}{Extension}";
    }

    /// <summary>The folder of one hour: <c>events/dt=2026-12-06/hh=09</c>.</summary>
    public static string PartitionPath(DateTimeOffset hour)
    {
        var utc = hour.UtcDateTime;
        return $"{Root}/dt={utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/hh={utc.ToString("HH", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The folder of one day: <c>events/dt=2026-12-06</c>.</summary>
    public static string DayPath(DateOnly day) => $"{Root}/dt={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>The start of the UTC hour <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset Hour(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The hour partitions a reader of [<paramref name="from"/>, <paramref name="to"/>) lists, oldest first.</summary>
    public static IEnumerable<DateTimeOffset> Hours(DateTimeOffset from, DateTimeOffset to)
    {
        for (var hour = Hour(from); hour < to; hour = hour.AddHours(1))
        {
            yield return hour;
        }
    }

    /// <summary>The day of a <c>events/dt=YYYY-MM-DD…</c> path, or null for anything else.</summary>
    public static DateOnly? DayOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var prefix = $"{Root}/dt=";
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length >= prefix.Length + 10
            && DateOnly.TryParseExact(path.AsSpan(prefix.Length, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    /// <summary>
    /// A writer id unique to this process: the host (Pod) name, kept to letters, digits and '-', and 8 random hex
    /// digits, so a restarted Pod of the same name starts a fresh series of names instead of overwriting its last life's.
    /// </summary>
    public static string NewWriterId(string hostName, Random random)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(random);
        var name = new StringBuilder();
        foreach (var c in hostName.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
            if (name.Length == 48)
            {
                break;
            }
        }

        var suffix = random.Next().ToString("x8", CultureInfo.InvariantCulture);
        return name.Length == 0 ? suffix : $"{name.ToString().Trim('-')}-{suffix}";
    }
}
