using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>
/// Streams the sink's events of a span of UTC days to a consumer, for the dashboard: one recursive LIST per day
/// partition and one GET per object, oldest first, stopping at <see cref="MaxObjects"/> objects or
/// <see cref="MaxEvents"/> events (then <see cref="Read.Truncated"/>). Nothing but one day's ids is held: duplicates
/// (a client's retried batch, which lands within minutes of the first) are dropped per day. An unreadable object is
/// skipped and counted.
/// </summary>
internal static class SinkEvents
{
    public const int MaxObjects = 1000;
    public const int MaxEvents = 1_000_000;

    public sealed record Read(int Objects, long Events, int Unreadable, bool Truncated);

    public static async Task<Read> ReadDaysAsync(
        IEventObjects objects, DateOnly firstDay, DateOnly lastDay, Action<ShopEventRecord> each, CancellationToken cancellationToken)
    {
        var (read, unreadable, events) = (0, 0, 0L);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in await objects.ListAsync(EventSinkLayout.DayPath(day), cancellationToken))
            {
                if (read == MaxObjects || events >= MaxEvents)
                {
                    return new Read(read, events, unreadable, Truncated: true);
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

        return new Read(read, events, unreadable, Truncated: false);
    }
}
