using System.Globalization;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Monitoring;

/// <summary>What one monitoring run reads: the version and its loaded model, and the live data.</summary>
/// <param name="Live">Everything read from the data source and the event sink, history included.</param>
/// <param name="Sources">What was read, for the report (e.g. "synthetic", "event sink").</param>
/// <param name="NewEvents">Events after the version's data end, when the adapter counted them itself (the raw sink holds kinds the shop tables do not); null = count <paramref name="Live"/>'s.</param>
/// <param name="LateOrders">
/// Ids of orders dated before the version's data end that it cannot have read: made from purchase events the sink
/// received at or after where the version's run read the sink ended (<see cref="DataFingerprint.EventsReceivedBefore"/>,
/// else its creation; a session's events are sent at its end, a server flushes every few seconds). They are judged with
/// the rows after the data end; null = none.
/// </param>
public sealed record MonitoringInput(ModelManifest Manifest, ITrainedModel Model, ShopData Live, IReadOnlyList<string> Sources, long? NewEvents = null, IReadOnlySet<string>? LateOrders = null);

/// <summary>
/// One monitoring run, pure: the live window, drift of every input with a reference profile and of
/// the model's outputs, realized accuracy against the held-out value, and the new data since the
/// version's data ended — as a <see cref="MonitoringReport"/>. The window ends at <c>now</c>, or at
/// the end of the newest live day when the data is older (an export, the synthetic shop), so a stale
/// source is still compared; a note says so.
/// </summary>
public static class MonitoringPipeline
{
    public static IReadOnlyList<ITaskMonitor> Monitors { get; } = [new RecommendationMonitor(), new ForecastMonitor(), new ChurnMonitor()];

    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal) { "mase", "smape", "mae", "rmse", "brier", "log_loss" };

    public static MonitoringReport Run(MonitoringInput input, MonitoringSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var manifest = input.Manifest;
        var monitor = Monitors.FirstOrDefault(m => m.Task == manifest.Task)
            ?? throw new ArgumentException($"Version {manifest.Version} of '{manifest.Model}' is a '{manifest.Task}' model; the monitor knows {string.Join(", ", Monitors.Select(m => m.Task))}.");
        var notes = new List<string>();
        var (windowFrom, to) = Window(input.Live, now.UtcDateTime, settings.WindowDays, notes);
        var dataEnd = (manifest.Data.To ?? manifest.CreatedAt.UtcDateTime).AddTicks(1);
        var from = Unlearnt(windowFrom, to, dataEnd, notes);
        var live = Before(input.Live, to);
        var late = Late(live, input.LateOrders, windowFrom, from, notes);
        var context = new MonitoringContext(manifest, live, Between(live, from, late), from, to, dataEnd);

        var sample = monitor.Observe(input.Model, context);
        var drift = InputDrift(manifest, sample, settings.Drift, notes);
        var predictionDrift = manifest.PredictionProfile is { } profile && sample.Predictions is { } predictions
            ? DriftCheck.Compare(sample.PredictionName, profile, predictions, settings.Drift)
            : null;
        if (predictionDrift is { Sufficient: false, CurrentCount: > 0 } && sample.Predictions!.Groups is { } groups && groups < settings.Drift.MinGroups)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"prediction drift: {sample.PredictionName} comes from {groups:N0} customers, fewer than the {settings.Drift.MinGroups:N0} needed (their outputs are not independent rows), not judged"));
        }

        if (predictionDrift is null)
        {
            notes.Add(manifest.PredictionProfile is null
                ? "prediction drift: the version recorded no output profile at training (trained before it was recorded)"
                : "prediction drift: the model made no predictions for the window");
        }

        var performance = Performance(monitor, input.Model, context, settings, notes);
        return new MonitoringReport
        {
            Model = manifest.Model,
            Version = manifest.Version,
            Task = manifest.Task,
            CheckedAt = now,
            Window = new MonitoringWindow(AsUtc(from), AsUtc(to), input.Sources),
            Drift = drift,
            PredictionDrift = predictionDrift,
            Performance = performance,
            NewData = new NewDataCount(
                manifest.Data.To is { } end ? AsUtc(end) : null,
                input.Live.Orders.LongCount(o => o.OrderedAt >= dataEnd || (input.LateOrders?.Contains(o.OrderId) ?? false)),
                input.NewEvents ?? input.Live.Events.LongCount(e => e.OccurredAt >= dataEnd)),
            Notes = notes,
        };
    }

    /// <summary>[to − days, to) with to = now, or the midnight after the newest live row when that is earlier.</summary>
    internal static (DateTime From, DateTime To) Window(ShopData live, DateTime now, int days, List<string> notes)
    {
        var newest = live.Orders.Select(o => (DateTime?)o.OrderedAt).Concat(live.Events.Select(e => (DateTime?)e.OccurredAt)).Max();
        var to = now;
        if (newest is { } n && n.Date.AddDays(1) < now)
        {
            to = n.Date.AddDays(1);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"window: the newest live data is from {n:yyyy-MM-dd}; the {days}-day window ends there, not now"));
        }

        return (to.AddDays(-days), to);
    }

    /// <summary>
    /// Where the judged window starts: at its start, or at the version's data end when that is later. The rows before
    /// the data end are what the version was trained on — a shift among them is one it has learnt, and judging them
    /// again would retrain on the same drift for as long as they stay in the window (`make run`'s recommendation Model
    /// after `simulate --shift`, every cool-down for a day).
    /// </summary>
    internal static DateTime Unlearnt(DateTime from, DateTime to, DateTime dataEnd, List<string> notes)
    {
        if (dataEnd <= from)
        {
            return from;
        }

        var start = dataEnd < to ? dataEnd : to;
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"window: starts at the version's data end {start:yyyy-MM-dd'T'HH:mm:ss'Z'}, not {from:yyyy-MM-dd'T'HH:mm:ss'Z'}: the rows before it trained this version, so only later ones are judged"));
        return start;
    }

    private static DriftResult? InputDrift(ModelManifest manifest, MonitoredSample sample, DriftSettings settings, List<string> notes)
    {
        if (manifest.FeatureProfile.Count == 0)
        {
            notes.Add("input drift: the version recorded no reference profiles at training");
            return null;
        }

        var features = new List<FeatureDrift>();
        foreach (var (name, values) in sample.Inputs.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!manifest.FeatureProfile.TryGetValue(name, out var profile))
            {
                notes.Add($"input drift: '{name}' has no reference profile (the version was trained before it was recorded)");
                continue;
            }

            features.Add(DriftCheck.Compare(name, profile, values, settings));
        }

        foreach (var name in manifest.FeatureProfile.Keys.Where(k => !sample.Inputs.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            notes.Add($"input drift: '{name}' is in the reference but not measured on this window (too short for it, or no longer measured)");
        }

        var insufficient = features.Where(f => !f.Sufficient).Select(f => $"{f.Name} ({f.CurrentCount:N0})").ToList();
        if (insufficient.Count > 0)
        {
            notes.Add($"input drift: fewer than {settings.MinSamples:N0} rows on a side, not judged: {string.Join(", ", insufficient)}");
        }

        var judged = features.Count(f => f.Sufficient);
        var drifted = features.Count(f => f.Drifted);
        return new DriftResult(drifted > 0, judged == 0 ? 0 : (double)drifted / judged, features);
    }

    private static RealizedPerformance? Performance(ITaskMonitor monitor, ITrainedModel model, MonitoringContext context, MonitoringSettings settings, List<string> notes)
    {
        var metric = settings.PerformanceMetric ?? monitor.DefaultMetric(context.Manifest);
        var measured = monitor.Measure(model, context);
        if (measured.Note is { } note)
        {
            notes.Add(note);
            return null;
        }

        if (!measured.Metrics.TryGetValue(metric, out var value))
        {
            throw new ArgumentException(
                $"The performance metric '{metric}' is not measured for {monitor.Task} models; choose one of {string.Join(", ", measured.Metrics.Keys.Order(StringComparer.Ordinal))}.");
        }

        double? atTraining = context.Manifest.Metrics.TryGetValue(metric, out var held) && double.IsFinite(held) ? held : null;
        if (atTraining is null)
        {
            notes.Add($"realized accuracy: the manifest has no held-out '{metric}' to compare with");
        }

        return new RealizedPerformance(metric, value, atTraining, measured.Count, settings.MaxRelativeDrop, IsDegraded(metric, value, atTraining, settings.MaxRelativeDrop));
    }

    /// <summary>Worse than at training by more than the allowed share of the training value (higher or lower, as the metric goes).</summary>
    public static bool IsDegraded(string metric, double value, double? atTraining, double maxRelativeDrop)
    {
        if (atTraining is not { } baseline || baseline == 0 || !double.IsFinite(value))
        {
            return false;
        }

        var worsening = LowerIsBetter.Contains(metric) ? (value - baseline) / Math.Abs(baseline) : (baseline - value) / Math.Abs(baseline);
        return worsening > maxRelativeDrop;
    }

    private static ShopData Before(ShopData data, DateTime to) => Slice(data, o => o.OrderedAt < to, e => e.OccurredAt < to);

    /// <summary>The rows from <paramref name="from"/> on, and the <paramref name="late"/> orders whatever their date.</summary>
    private static ShopData Between(ShopData data, DateTime from, IReadOnlySet<string> late) =>
        Slice(data, o => o.OrderedAt >= from || late.Contains(o.OrderId), e => e.OccurredAt >= from);

    /// <summary>
    /// The late orders (<see cref="MonitoringInput.LateOrders"/>) the judged window would leave out: inside the window
    /// but before where it starts judging (the data end). Rows the version did not read are not rows it learnt.
    /// </summary>
    private static HashSet<string> Late(ShopData live, IReadOnlySet<string>? lateOrders, DateTime windowFrom, DateTime from, List<string> notes)
    {
        var late = lateOrders is { Count: > 0 }
            ? live.Orders.Where(o => o.OrderedAt >= windowFrom && o.OrderedAt < from && lateOrders.Contains(o.OrderId)).Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal)
            : [];
        if (late.Count > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"window: also judges {late.Count:N0} order(s) dated before the data end that reached the event sink after the version's run read it (it cannot have read them)"));
        }

        return late;
    }

    private static ShopData Slice(ShopData data, Func<Order, bool> order, Func<ShopEvent, bool> shopEvent)
    {
        var orders = data.Orders.Where(order).ToList();
        if (orders.Count == data.Orders.Count && data.Events.All(shopEvent))
        {
            return data;
        }

        var kept = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return new ShopData(data.Name, data.Customers, data.Products, orders, [.. data.OrderItems.Where(i => kept.Contains(i.OrderId))], [.. data.Events.Where(shopEvent)]);
    }

    private static DateTimeOffset AsUtc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
