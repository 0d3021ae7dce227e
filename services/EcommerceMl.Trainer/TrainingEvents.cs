using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data.Events;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer;

/// <summary>
/// The event sink as an addition to a run's training data (<c>--events</c>, <c>ECML_EVENTS</c>): the events the
/// inference servers received over the last <see cref="WindowDays"/> days (by receipt time, the time the sink is
/// partitioned by), each id once, merged into the base source's tables with <see cref="EventShopData"/> — before the
/// run's window and held-out split, so purchases made through the shop since the last export are trained and
/// evaluated on like any order. The sink is objects (a store's <c>events/</c> partitions) or, when the servers write to
/// PostgreSQL, that database's <c>received_events</c> table.
/// </summary>
public sealed class TrainingEvents
{
    public const int DefaultWindowDays = 90;
    public const int MaxWindowDays = 3650;

    private readonly PostgresConnection? _database;
    private readonly TimeProvider _time;

    public TrainingEvents(IEventObjects objects, int windowDays, TimeProvider time)
        : this(objects, null, windowDays, time)
    {
    }

    public TrainingEvents(PostgresConnection database, int windowDays, TimeProvider time)
        : this(null, database, windowDays, time)
    {
    }

    private TrainingEvents(IEventObjects? objects, PostgresConnection? database, int windowDays, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Objects = objects;
        _database = database;
        WindowDays = windowDays;
        _time = time;
    }

    /// <summary>The sink's objects; null when the sink is a PostgreSQL table.</summary>
    public IEventObjects? Objects { get; }

    /// <summary>Where the events are read from, as messages may show it (a database without its password).</summary>
    public string Location => Objects?.Location ?? $"{_database!.Display} ({PostgresEventTable.Table})";

    public int WindowDays { get; }

    /// <summary>
    /// The events source a run's options name: null for none (unset, empty or <c>none</c>); <c>store</c> = the sink in the
    /// run's own model store; a PostgreSQL connection (<c>postgres://…</c> or an Npgsql connection string) = its
    /// <c>received_events</c> table; else a store location. Throws <see cref="ArgumentException"/> naming the option for a bad value.
    /// </summary>
    public static TrainingEvents? From(string? spec, int windowDays, string store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(spec) || string.Equals(spec.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (windowDays is < 1 or > MaxWindowDays)
        {
            throw new ArgumentException(
                $"{TrainerArguments.EventsWindowDays.Option} must be between 1 and {MaxWindowDays} days (the events received that many days back are read); got {windowDays}.");
        }

        if (PostgresConnection.IsConnectionSpec(spec))
        {
            return new TrainingEvents(PostgresConnection.Parse(spec), windowDays, time);
        }

        var objects = string.Equals(spec.Trim(), TrainerVariables.EventsFromStore, StringComparison.OrdinalIgnoreCase)
            ? EventObjectStores.For(ModelStores.Open(store))
                ?? throw new ArgumentException($"{TrainerArguments.Events.Option} {TrainerVariables.EventsFromStore}: the store '{store}' cannot hold events; name the sink's location instead.")
            : EventObjectStores.Open(spec.Trim());
        return new TrainingEvents(objects, windowDays, time);
    }

    /// <summary>The loaded tables with the window's events merged in; the name and notes say where they came from and what they became.</summary>
    public ShopDataLoadResult MergeInto(ShopDataLoadResult loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var to = _time.GetUtcNow();
        var from = to.AddDays(-WindowDays);
        var reader = Objects is null ? null : new EventSinkReader(Objects);
        using var database = _database?.OpenDataSource();
        var events = reader is not null
            ? reader.ReadAsync(from, to)
            : new PostgresEventTable(database!, _database!.Display).ReadAsync(from, to);
        var merged = EventShopData.MergeWithReport(loaded.Data, events.ToBlockingEnumerable());
        var data = merged.Data;
        var name = $"{loaded.Data.Name} + events from {Location} (received {Day(from)}..{Day(to)})";
        var notes = new List<string>(loaded.Notes)
        {
            $"events: the sink at {Location}, received in the last {WindowDays} days ({from:yyyy-MM-dd HH:mm}Z..{to:yyyy-MM-dd HH:mm}Z)",
        };
        notes.AddRange(merged.Report.Notes());
        if (reader?.UnreadableObjects > 0)
        {
            notes.Add($"events: {reader.UnreadableObjects:N0} sink object(s) could not be read as gzip JSON lines and were skipped");
        }

        return loaded with
        {
            Data = new ShopData(name, data.Customers, data.Products, data.Orders, data.OrderItems, data.Events) { Searches = data.Searches },
            Notes = notes,
        };
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
