using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer;

/// <summary>
/// The event sink a run reads, wherever the inference servers write it: objects (a store's <c>events/</c> partitions,
/// read by <see cref="EventSinkReader"/>) or, when they write to PostgreSQL, that database's <c>received_events</c>
/// table. Training (<see cref="TrainingEvents"/>) and monitoring (<see cref="MonitorRun"/>) both read through it, so
/// both take the same sinks.
/// </summary>
public sealed class EventSinkSource
{
    private readonly PostgresConnection? _database;
    private int _unreadableObjects;

    private EventSinkSource(IEventObjects? objects, PostgresConnection? database)
    {
        Objects = objects;
        _database = database;
    }

    public static EventSinkSource Of(IEventObjects objects) => new(objects ?? throw new ArgumentNullException(nameof(objects)), null);

    public static EventSinkSource Of(PostgresConnection database) => new(null, database ?? throw new ArgumentNullException(nameof(database)));

    /// <summary>The sink's objects; null when the sink is a PostgreSQL table.</summary>
    public IEventObjects? Objects { get; }

    /// <summary>Where the events are read from, as messages may show it (a database without its password).</summary>
    public string Location => Objects?.Location ?? $"{_database!.Display} ({PostgresEventTable.Table})";

    /// <summary>Objects skipped by the reads so far because they were not gzip JSON lines (never for a table).</summary>
    public int UnreadableObjects => Volatile.Read(ref _unreadableObjects);

    /// <summary>
    /// The sink an option names: null for none (unset, empty or <c>none</c>); <c>store</c> = the sink in the run's own
    /// model store; a PostgreSQL connection (<c>postgres://…</c> or an Npgsql connection string) = its
    /// <c>received_events</c> table; else a store location. Throws <see cref="ArgumentException"/> naming
    /// <paramref name="option"/> when <c>store</c> names a store that cannot hold events.
    /// </summary>
    public static EventSinkSource? From(string? spec, string store, string option)
    {
        if (string.IsNullOrWhiteSpace(spec) || string.Equals(spec.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (PostgresConnection.IsConnectionSpec(spec))
        {
            return Of(PostgresConnection.Parse(spec));
        }

        if (!string.Equals(spec.Trim(), TrainerVariables.EventsFromStore, StringComparison.OrdinalIgnoreCase))
        {
            return Of(EventObjectStores.Open(spec.Trim()));
        }

        return EventObjectStores.For(ModelStores.Open(store)) is { } objects
            ? Of(objects)
            : throw new ArgumentException($"{option} {TrainerVariables.EventsFromStore}: the store '{store}' cannot hold events; name the sink's location instead.");
    }

    /// <summary>
    /// The events received in [<paramref name="from"/>, <paramref name="to"/>), each id once, as columns of the fields
    /// training uses: objects are copied from an hour's compacted object or scanned straight into columns
    /// (<see cref="EventSinkReader.ReadColumnsAsync"/>), a table's rows are added as they come. With
    /// <paramref name="compactAsOf"/>, the closed hours read as text are written back compacted
    /// (<see cref="EventSinkReader.CompactAsOf"/>); what was copied and written is in <see cref="LastCompaction"/>.
    /// </summary>
    public async Task<EventColumns> ReadColumnsAsync(
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset? compactAsOf = null, CancellationToken cancellationToken = default)
    {
        if (Objects is not null)
        {
            var reader = new EventSinkReader(Objects) { CompactAsOf = compactAsOf };
            try
            {
                return await reader.ReadColumnsAsync(from, to, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Add(ref _unreadableObjects, reader.UnreadableObjects);
                LastCompaction = reader.Compaction;
            }
        }

        var columns = new EventColumns();
        await foreach (var e in ReadAsync(from, to, cancellationToken).ConfigureAwait(false))
        {
            columns.TryAdd(e);
        }

        return columns;
    }

    /// <summary>What the last <see cref="ReadColumnsAsync"/> of objects did with compacted hours; null before one, or for a table.</summary>
    public EventCompactionCounts? LastCompaction { get; private set; }

    /// <summary>The events received in [<paramref name="from"/>, <paramref name="to"/>), each id once.</summary>
    public async IAsyncEnumerable<ShopEventRecord> ReadAsync(
        DateTimeOffset from, DateTimeOffset to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Objects is not null)
        {
            var reader = new EventSinkReader(Objects);
            try
            {
                await foreach (var e in reader.ReadAsync(from, to, cancellationToken).ConfigureAwait(false))
                {
                    yield return e;
                }
            }
            finally
            {
                Interlocked.Add(ref _unreadableObjects, reader.UnreadableObjects);
            }

            yield break;
        }

        await using var dataSource = _database!.OpenDataSource();
        await foreach (var e in new PostgresEventTable(dataSource, _database.Display).ReadAsync(from, to, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }
}
