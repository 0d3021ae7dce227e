namespace EcommerceMl.Inference.Events;

/// <summary>
/// Where the <see cref="EventSink"/>'s batches go: hour-partitioned objects in the model store
/// (<see cref="ObjectEventDestination"/>) or rows of a PostgreSQL table (<see cref="PostgresEventDestination"/>). A batch
/// is the accepted events as the stored JSON lines; it lands whole or not at all.
/// </summary>
public interface IEventDestination
{
    /// <summary>Where the events go, as logs and answers may show it (never a password).</summary>
    string Location { get; }

    /// <summary>Writes one batch; throws when it could not (the sink keeps the batch and tries again).</summary>
    Task WriteAsync(IReadOnlyList<byte[]> lines, CancellationToken cancellationToken);

    /// <summary>Deletes what was received before the retention's first kept UTC day; returns the days deleted.</summary>
    Task<IReadOnlyList<DateOnly>> DeleteExpiredAsync(DateTimeOffset now, int retentionDays, CancellationToken cancellationToken);
}
