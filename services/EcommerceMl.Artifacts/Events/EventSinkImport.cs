using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// Events made elsewhere (a generator, another shop's export) written into an event sink as the inference servers
/// write it (<see cref="EventSinkLayout"/>): one object per hour of <c>receivedAt</c>, in that hour's partition, so
/// <see cref="EventSinkReader"/> and every training run read them like received events. Objects are named
/// <c>{writerId}-{sequence}</c>, the sequence counting the hours written; like every sink object they are written once,
/// so importing into a sink that already holds them fails on the first one (readers would drop repeated ids anyway).
/// </summary>
public static class EventSinkImport
{
    /// <summary>Writes the events; returns how many objects were written.</summary>
    public static async Task<int> WriteAsync(IEventObjects objects, IEnumerable<ShopEventRecord> events, string writerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(writerId);
        var written = 0;
        foreach (var hour in events.GroupBy(e => EventSinkLayout.Hour(e.ReceivedAt)).OrderBy(g => g.Key))
        {
            var bytes = EventSinkReader.Encode(hour.OrderBy(e => e.ReceivedAt).Select(EventJson.ToLine));
            await objects.PutAsync(EventSinkLayout.ObjectPath(hour.Key, writerId, ++written), bytes, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }
}
