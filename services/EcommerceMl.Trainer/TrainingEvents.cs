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
/// partitioned by), each id once, read as columns (<see cref="EventColumns"/>) and merged into the base source's tables with <see cref="EventShopData"/> — before the
/// run's window and held-out split, so purchases made through the shop since the last export are trained and
/// evaluated on like any order. A run writes the closed hours it had to read as text back compacted
/// (<see cref="EventSinkReader.CompactAsOf"/>), so the next run copies them rather than parsing. The sink is objects (a store's <c>events/</c> partitions) or, when the servers write to
/// PostgreSQL, that database's <c>received_events</c> table (<see cref="EventSinkSource"/>).
/// </summary>
public sealed class TrainingEvents
{
    public const int DefaultWindowDays = 90;
    public const int MaxWindowDays = 3650;

    private readonly TimeProvider _time;

    public TrainingEvents(IEventObjects objects, int windowDays, TimeProvider time)
        : this(EventSinkSource.Of(objects), windowDays, time)
    {
    }

    public TrainingEvents(PostgresConnection database, int windowDays, TimeProvider time)
        : this(EventSinkSource.Of(database), windowDays, time)
    {
    }

    public TrainingEvents(EventSinkSource sink, int windowDays, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        Sink = sink;
        WindowDays = windowDays;
        _time = time;
    }

    /// <summary>Where the events are read from.</summary>
    public EventSinkSource Sink { get; }

    /// <summary>The sink's objects; null when the sink is a PostgreSQL table.</summary>
    public IEventObjects? Objects => Sink.Objects;

    /// <summary>Where the events are read from, as messages may show it (a database without its password).</summary>
    public string Location => Sink.Location;

    public int WindowDays { get; }

    /// <summary>
    /// The events source a run's options name (<see cref="EventSinkSource.From"/>): null for none, <c>store</c>, a
    /// PostgreSQL connection or a store location. Throws <see cref="ArgumentException"/> naming the option for a bad value.
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

        return new TrainingEvents(EventSinkSource.From(spec, store, TrainerArguments.Events.Option)!, windowDays, time);
    }

    /// <summary>The loaded tables with the window's events merged in; the name and notes say where they came from and what they became.</summary>
    public ShopDataLoadResult MergeInto(ShopDataLoadResult loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var to = _time.GetUtcNow();
        var from = to.AddDays(-WindowDays);
        var unreadableBefore = Sink.UnreadableObjects;
        // As columns, not records: a 90-day window is millions of events, and records cost more to keep than to parse.
        // The closed hours read as text are written back compacted, so the next run copies them instead.
        var events = Sink.ReadColumnsAsync(from, to, compactAsOf: to).GetAwaiter().GetResult();
        var merged = EventShopData.MergeWithReport(loaded.Data, events);
        var data = merged.Data;
        var name = $"{loaded.Data.Name} + events from {Location} (received {Day(from)}..{Day(to)})";
        var notes = new List<string>(loaded.Notes)
        {
            $"events: the sink at {Location}, received in the last {WindowDays} days ({from:yyyy-MM-dd HH:mm}Z..{to:yyyy-MM-dd HH:mm}Z)",
        };
        notes.AddRange(merged.Report.Notes());
        if (Sink.UnreadableObjects - unreadableBefore is > 0 and var unreadable)
        {
            notes.Add($"events: {unreadable:N0} sink object(s) could not be read as gzip JSON lines and were skipped");
        }

        notes.AddRange(Sink.LastCompaction?.Notes() ?? []);

        return loaded with
        {
            Data = new ShopData(name, data.Customers, data.Products, data.Orders, data.OrderItems, data.Events) { Searches = data.Searches },
            Notes = notes,
            EventsReceivedBefore = to,
        };
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
