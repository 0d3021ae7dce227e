using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Postgres;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>
/// Streams the sink's events of a span of UTC days (of receipt) to a consumer, for the dashboard, newest day first (a
/// chart needs the recent days most), stopping at <see cref="MaxObjects"/> objects or <see cref="MaxEvents"/> events
/// (then <see cref="Read.Truncated"/>). From objects: one recursive LIST per day partition and one GET per object;
/// nothing but one day's ids is held: duplicates (a client's retried batch, which lands within minutes of the first)
/// are dropped per day; an unreadable object is skipped and counted. From the PostgreSQL table: one query per day,
/// whose ids are unique already.
/// </summary>
internal static class SinkEvents
{
    public const int MaxObjects = 1000;
    public const int MaxEvents = 1_000_000;

    /// <param name="CutDay">When truncated, the UTC day whose partition was read only in part (it and every earlier day are incomplete).</param>
    public sealed record Read(int Objects, long Events, int Unreadable, DateOnly? CutDay)
    {
        public bool Truncated => CutDay is not null;
    }

    public static async Task<Read> ReadDaysAsync(
        IEventObjects objects, DateOnly firstDay, DateOnly lastDay, Action<ShopEventRecord> each, CancellationToken cancellationToken,
        int maxObjects = MaxObjects, long maxEvents = MaxEvents)
    {
        var (read, unreadable, events) = (0, 0, 0L);
        for (var day = lastDay; day >= firstDay; day = day.AddDays(-1))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in await objects.ListAsync(EventSinkLayout.DayPath(day), cancellationToken))
            {
                if (read == maxObjects || events >= maxEvents)
                {
                    return new Read(read, events, unreadable, CutDay: day);
                }

                read++;
                if (await objects.ReadAsync(path, cancellationToken) is not { } bytes)
                {
                    continue; // deleted by retention since the listing
                }

                IReadOnlyList<ShopEventRecord> batch;
                try
                {
                    batch = EventSinkReader.Decode(bytes);
                }
                catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
                {
                    unreadable++;
                    continue;
                }

                foreach (var e in batch.Where(e => seen.Add(e.Id)))
                {
                    events++;
                    each(e);
                }
            }
        }

        return new Read(read, events, unreadable, CutDay: null);
    }

    public static async Task<Read> ReadDaysAsync(
        PostgresEventTable table, DateOnly firstDay, DateOnly lastDay, Action<ShopEventRecord> each, CancellationToken cancellationToken,
        long maxEvents = MaxEvents)
    {
        ArgumentNullException.ThrowIfNull(table);
        var events = 0L;
        for (var day = lastDay; day >= firstDay; day = day.AddDays(-1))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            await foreach (var e in table.ReadAsync(start, start.AddDays(1), cancellationToken))
            {
                if (events >= maxEvents)
                {
                    return new Read(0, events, 0, CutDay: day);
                }

                events++;
                each(e);
            }
        }

        return new Read(0, events, 0, CutDay: null);
    }
}
