using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Inference.Events;

/// <summary>
/// Batches as gzip objects of the store's event partitions (<see cref="EventSinkLayout"/>): one object per write, named
/// by the hour of the write, this process's writer id and a sequence that moves on every attempt — a write that failed
/// after S3 stored it is never replaced by a different batch.
/// </summary>
public sealed class ObjectEventDestination(IEventObjects objects, string writerId, TimeProvider time) : IEventDestination
{
    private long _sequence;

    public IEventObjects Objects { get; } = objects;

    public string Location => Objects.Location;

    public Task WriteAsync(IReadOnlyList<byte[]> lines, CancellationToken cancellationToken)
    {
        var path = EventSinkLayout.ObjectPath(time.GetUtcNow(), writerId, Interlocked.Increment(ref _sequence) - 1);
        return Objects.PutAsync(path, EventSinkReader.Encode(lines), cancellationToken);
    }

    public Task<IReadOnlyList<DateOnly>> DeleteExpiredAsync(DateTimeOffset now, int retentionDays, CancellationToken cancellationToken) =>
        EventRetention.DeleteExpiredAsync(Objects, now, retentionDays, cancellationToken);
}
