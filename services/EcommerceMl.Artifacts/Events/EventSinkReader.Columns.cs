using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// The window as columns, hour by hour: an hour's compacted object (<see cref="EventColumnsFile"/>) is copied, its
/// source objects it does not list (a late write) and the hours not compacted are scanned as text — and, when
/// <see cref="CompactAsOf"/> is set, a closed hour read as text is written back compacted, so the next run copies it.
/// </summary>
public sealed partial class EventSinkReader
{
    private int _compactedHoursRead;
    private int _hoursCompacted;
    private int _compactionFailures;
    private string? _compactionError;
    private volatile bool _compactionRefused;

    /// <summary>
    /// When set, every hour closed at this time (<see cref="EventSinkLayout.IsClosed"/>) that <see cref="ReadColumnsAsync"/>
    /// reads as text, that has no compacted object yet and is worth it (<see cref="IsWorthCompacting"/>) is written back as one (write-through: the run that first
    /// reads an hour pays its parse, later runs copy; see <see cref="Compaction"/>). Null: nothing is written.
    /// </summary>
    public DateTimeOffset? CompactAsOf { get; init; }

    /// <summary>What this reader's column reads did with compacted objects so far.</summary>
    public EventCompactionCounts Compaction =>
        new(Volatile.Read(ref _compactedHoursRead), Volatile.Read(ref _hoursCompacted), Volatile.Read(ref _compactionFailures), Volatile.Read(ref _compactionError));

    /// <summary>
    /// The same events as <see cref="ReadAsync"/> (the window's, each id once, first seen kept) as columns of the fields
    /// training uses (<see cref="EventColumns"/>); the repeats left out are counted in <see cref="EventColumns.Duplicates"/>.
    /// The order is the sink's path order, except that a source object an hour's compacted object does not list (a write
    /// that became visible after the hour was compacted) comes after the ones it does; only which copy of a repeated id
    /// is kept can differ from <see cref="ReadAsync"/> then.
    /// </summary>
    public async Task<EventColumns> ReadColumnsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var window = new EventColumns();
        var seen = new IdSet();
        var (fromTicks, toTicks) = (from.UtcTicks, to.UtcTicks);
        // The hours number their strings in the window's table themselves, one at a time (the lock), so the consuming
        // thread — the one all others wait for — only drops repeats and copies columns. The numbers depend on which hour
        // came first; nothing read from the columns depends on them.
        var interning = new Lock();
        var hours = EventSinkLayout.Hours(from, to)
            .Select(hour => (Func<CancellationToken, Task<HourColumns?>>)(ct => ReadHourAsync(hour, window.Strings, interning, seen, ct)))
            .ToList();
        await foreach (var decoded in InOrderAsync(hours, cancellationToken).ConfigureAwait(false))
        {
            // Rows are kept in runs (an hour's rows are usually all new and in the window), copied column by column.
            var events = decoded.Events;
            var run = 0;
            for (var row = 0; row < events.Count; row++)
            {
                var received = events.ReceivedAtUtcTicks(row);
                var inWindow = received >= fromTicks && received < toTicks;
                if (!inWindow || !seen.Add(decoded.IdHashes[row]))
                {
                    window.AddRange(events, run, row - run, decoded.Strings);
                    run = row + 1;
                    if (inWindow)
                    {
                        window.CountDuplicate();
                    }
                }
            }

            window.AddRange(events, run, events.Count - run, decoded.Strings);
        }

        return window;
    }

    /// <summary>
    /// Compacts every hour of [<paramref name="from"/>, <paramref name="to"/>) that is closed at <paramref name="now"/>,
    /// is worth it (<see cref="IsWorthCompacting"/>) and has no compacted object yet (<c>ecml events compact</c>, for a sink whose trainers must
    /// not write to it). Hours are not kept: memory stays that of a few hours, whatever the window.
    /// </summary>
    public async Task<int> CompactAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var before = Volatile.Read(ref _hoursCompacted);
        var hours = EventSinkLayout.Hours(from, to)
            .Where(hour => EventSinkLayout.IsClosed(hour, now))
            .Select(hour => (Func<CancellationToken, Task<object?>>)(async ct =>
                await objects.ReadAsync(EventSinkLayout.CompactedPath(hour), ct).ConfigureAwait(false) is null
                    ? await HourColumnsAsync(hour, now, ct).ConfigureAwait(false)
                    : null))
            .ToList();
        await foreach (var _ in InOrderAsync(hours, cancellationToken).ConfigureAwait(false))
        {
        }

        return Volatile.Read(ref _hoursCompacted) - before;
    }

    /// <summary>One hour's events as columns, their ids' hashes row by row, and its strings' numbers in the window's table.</summary>
    private sealed record HourColumns(EventColumns Events, UInt128[] IdHashes, EventColumns.StringMap Strings);

    /// <summary>One hour as columns, its ids hashed and its strings numbered in the window's table; null when it holds nothing readable.</summary>
    private async Task<HourColumns?> ReadHourAsync(DateTimeOffset hour, EventStrings window, Lock interning, IdSet ids, CancellationToken cancellationToken)
    {
        if (await HourColumnsAsync(hour, CompactAsOf, cancellationToken).ConfigureAwait(false) is not { } columns)
        {
            return null;
        }

        var hashes = new UInt128[columns.Count];
        for (var row = 0; row < hashes.Length; row++)
        {
            hashes[row] = ids.Hash(columns.Id(row));
        }

        var strings = new EventColumns.StringMap(columns.Strings, window);
        lock (interning)
        {
            strings.MapAll();
        }

        return new HourColumns(columns, hashes, strings);
    }

    /// <summary>
    /// One hour's events: its compacted object and the sources it does not list, or all its sources when it has none —
    /// then written back compacted when the hour is closed at <paramref name="compactAsOf"/>. Null when it holds nothing readable.
    /// </summary>
    private async Task<EventColumns?> HourColumnsAsync(DateTimeOffset hour, DateTimeOffset? compactAsOf, CancellationToken cancellationToken)
    {
        var listing = objects.ListAsync(EventSinkLayout.PartitionPath(hour), cancellationToken);
        var compactedBytes = await objects.ReadAsync(EventSinkLayout.CompactedPath(hour), cancellationToken).ConfigureAwait(false);
        var compacted = compactedBytes is null ? null : TryDecodeCompacted(compactedBytes);
        var listed = compacted?.Sources.ToHashSet(StringComparer.Ordinal) ?? [];
        var parts = compacted is null ? new List<EventColumns>() : [compacted.Value.Events];
        var scanned = new List<string>();
        foreach (var path in await listing.ConfigureAwait(false))
        {
            if (!listed.Contains(path) && await ReadObjectAsync(path, ScanColumns, cancellationToken).ConfigureAwait(false) is { } events)
            {
                parts.Add(events);
                scanned.Add(path);
            }
        }

        if (parts.Count == 0)
        {
            return null;
        }

        var columns = parts.Count == 1 ? parts[0] : Concatenated(parts);
        // Only where there is none: objects are written once, and a damaged one is reported (unreadable), not hidden.
        if (compactedBytes is null && compactAsOf is { } now && EventSinkLayout.IsClosed(hour, now) && !_compactionRefused
            && IsWorthCompacting(scanned.Count, columns.Count))
        {
            await WriteCompactedAsync(hour, columns, scanned, cancellationToken).ConfigureAwait(false);
        }

        return columns;
    }

    /// <summary>A compacted object's events and sources; null, counted in <see cref="UnreadableObjects"/>, when this reader cannot read it (the hour is then read as text).</summary>
    private (EventColumns Events, IReadOnlyList<string> Sources)? TryDecodeCompacted(byte[] bytes)
    {
        try
        {
            var compacted = EventColumnsFile.Decode(bytes);
            Interlocked.Increment(ref _compactedHoursRead);
            return compacted;
        }
        catch (InvalidDataException)
        {
            Interlocked.Increment(ref _unreadableObjects);
            return null;
        }
    }

    /// <summary>
    /// Whether an hour read from <paramref name="sources"/> objects holding <paramref name="events"/> is worth writing back:
    /// several objects become one read, and a thousand events or more cost more to parse than to copy. An hour of one
    /// small object is as cheap to read as its compacted copy would be, and writing one per such hour is what would cost:
    /// a generated history of two years (<c>ecml generate --search-sessions</c>) is 11,392 hours of about nine events.
    /// </summary>
    internal static bool IsWorthCompacting(int sources, int events) => sources >= 2 || events >= MinEventsWorthCompacting;

    /// <summary>The events one source object must hold for its hour to be compacted (see <see cref="IsWorthCompacting"/>).</summary>
    public const int MinEventsWorthCompacting = 1_000;

    /// <summary>
    /// Writes the hour's compacted object. A failure (a store that refuses writes, another reader that wrote it first) is
    /// counted, never thrown, and ends this reader's writing: a sink that refused one hour would refuse them all.
    /// </summary>
    private async Task WriteCompactedAsync(DateTimeOffset hour, EventColumns columns, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        try
        {
            await objects.PutAsync(EventSinkLayout.CompactedPath(hour), EventColumnsFile.Encode(columns, sources), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _hoursCompacted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _compactionRefused = true;
            Interlocked.Increment(ref _compactionFailures);
            Interlocked.CompareExchange(ref _compactionError, $"{EventSinkLayout.CompactedPath(hour)}: {e.Message}", null);
        }
    }

    /// <summary>Several parts of one hour as one table, in order.</summary>
    private static EventColumns Concatenated(List<EventColumns> parts)
    {
        var hour = new EventColumns();
        foreach (var part in parts)
        {
            var map = new EventColumns.StringMap(part.Strings, hour.Strings);
            map.MapAll();
            hour.AddRange(part, 0, part.Count, map);
        }

        return hour;
    }

    /// <summary>
    /// One object's events as columns: each line scanned into them when in the writer's shape, else parsed
    /// (<see cref="StoredEventParser"/>) and added, so a line is taken or refused exactly as <see cref="Decode"/> does.
    /// </summary>
    private static EventColumns ScanColumns(byte[] gzip)
    {
        var events = new EventColumns();
        ForEachLine(gzip, line =>
        {
            if (!StoredEventScanner.TryScanInto(line, events))
            {
                events.Add(StoredEventParser.Parse(line));
            }
        });
        return events;
    }
}
