using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Postgres;

namespace EcommerceMl.Inference.Events;

/// <summary>
/// Batches as rows of the shop database's <c>received_events</c> table (<see cref="PostgresEventTable"/>): the lines
/// are read back into events (the stored line is the one format both destinations take) and written by binary COPY,
/// each id once — a batch written again after an unacknowledged commit adds nothing.
/// </summary>
public sealed class PostgresEventDestination(PostgresEventTable table) : IEventDestination
{
    /// <summary>The table written to, for readers on this server (the dashboard's actuals).</summary>
    public PostgresEventTable Table { get; } = table;

    public string Location => Table.Location;

    public Task WriteAsync(IReadOnlyList<byte[]> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var events = new ShopEventRecord[lines.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = StoredEventParser.Parse(lines[i]);
        }

        return Table.WriteAsync(events, cancellationToken);
    }

    public Task<IReadOnlyList<DateOnly>> DeleteExpiredAsync(DateTimeOffset now, int retentionDays, CancellationToken cancellationToken) =>
        Table.DeleteExpiredAsync(now, retentionDays, cancellationToken);
}
