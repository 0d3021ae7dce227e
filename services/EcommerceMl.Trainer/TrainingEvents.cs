using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Events;

namespace EcommerceMl.Trainer;

/// <summary>
/// The event sink as an addition to a run's training data (<c>--events</c>, <c>ECML_EVENTS</c>): the events the
/// inference servers received over the last <see cref="WindowDays"/> days (by receipt time, the time the sink is
/// partitioned by), each id once, merged into the base source's tables with <see cref="EventShopData"/> — before the
/// run's window and held-out split, so purchases made through the shop since the last export are trained and
/// evaluated on like any order.
/// </summary>
public sealed class TrainingEvents(IEventObjects objects, int windowDays, TimeProvider time)
{
    public const int DefaultWindowDays = 90;
    public const int MaxWindowDays = 3650;

    public IEventObjects Objects { get; } = objects;

    public int WindowDays { get; } = windowDays;

    /// <summary>
    /// The events source a run's options name: null for none (unset, empty or <c>none</c>); <c>store</c> = the sink in the
    /// run's own model store; else a store location. Throws <see cref="ArgumentException"/> naming the option for a bad value.
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
        var to = time.GetUtcNow();
        var from = to.AddDays(-WindowDays);
        var reader = new EventSinkReader(Objects);
        var merged = EventShopData.MergeWithReport(loaded.Data, reader.ReadAsync(from, to).ToBlockingEnumerable());
        var data = merged.Data;
        var name = $"{loaded.Data.Name} + events from {Objects.Location} (received {Day(from)}..{Day(to)})";
        var notes = new List<string>(loaded.Notes)
        {
            $"events: the sink at {Objects.Location}, received in the last {WindowDays} days ({from:yyyy-MM-dd HH:mm}Z..{to:yyyy-MM-dd HH:mm}Z)",
        };
        notes.AddRange(merged.Report.Notes());
        if (reader.UnreadableObjects > 0)
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
