using System.Globalization;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Forecasts: inputs by <see cref="ForecastReferenceFeatures"/> over the window's days, outputs the
/// version's daily forecasts for the window's days after its data ended; realized MASE (and sMAPE,
/// MAE) of those forecasts against the actual days, scaled like the held-out MASE (the weekly
/// seasonal-naive error of the history before the forecast), over at most the held-out horizon and only
/// on the days the live data records (<see cref="RecordedSpan"/>).
/// </summary>
public sealed class ForecastMonitor : ITaskMonitor
{
    /// <summary>Fewer actual days than this make a realized MASE too noisy to compare.</summary>
    public const int MinDays = 7;

    /// <summary>Forecasts further out than this are not compared as outputs.</summary>
    public const int MaxHorizon = 366;

    public string Task => ModelTask.Forecast;

    public string DefaultMetric(ModelManifest manifest) => "mase";

    public MonitoredSample Observe(ITrainedModel model, MonitoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var forecaster = (IForecaster)model;
        var first = DateOnly.FromDateTime(context.From);
        var last = DateOnly.FromDateTime(context.To.AddTicks(-1));
        var forecasts = ForecastsOver(forecaster, first, last).Select(p => p.Predicted).ToArray();
        return ForecastReferenceFeatures.Observe(context.Window, first, last, Measure(forecaster), forecasts.Length == 0 ? null : forecasts);
    }

    public PerformanceMeasurement Measure(ITrainedModel model, MonitoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var forecaster = (IForecaster)model;
        var lastComplete = DateOnly.FromDateTime(context.To).AddDays(-1); // the window's last whole day
        var horizon = Math.Min(context.Manifest.Evaluation?.HoldoutDays ?? 28, lastComplete.DayNumber - forecaster.LastObservedDate.DayNumber);
        if (horizon < MinDays)
        {
            return PerformanceMeasurement.None(
                $"realized accuracy: {Math.Max(horizon, 0)} whole day(s) of actuals since the forecast's start {forecaster.LastObservedDate.AddDays(1):yyyy-MM-dd}; at least {MinDays} are needed");
        }

        var start = forecaster.LastObservedDate.AddDays(1);
        var through = forecaster.LastObservedDate.AddDays(horizon);
        var recorded = RecordedSpan(context.Live, start, through);
        if (recorded is not { } span || span.Days < MinDays)
        {
            return PerformanceMeasurement.None(string.Create(CultureInfo.InvariantCulture,
                $"realized accuracy: the live data records {recorded?.Days ?? 0} of the {horizon} day(s) from the forecast's start {start:yyyy-MM-dd} to {through:yyyy-MM-dd}; at least {MinDays} are needed (a day before the first or after the last order or event is unrecorded, not a day without sales)"));
        }

        var series = DailySeriesBuilder.Build(context.Live, through, measure: Measure(forecaster))[0];
        var history = series.Values[..(series.Length - horizon)];
        var (from, to) = (span.First.DayNumber - start.DayNumber, span.Last.DayNumber - start.DayNumber + 1);
        var actual = series.Values[(series.Length - horizon)..][from..to];
        var predicted = forecaster.Forecast(ForecastScope.Shop, horizon, 0.8)!.Select(p => p.Predicted).ToArray()[from..to];
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["mase"] = ForecastMetrics.Mase(actual, predicted, history, ForecastPipeline.MaseScalePeriod),
            ["smape"] = ForecastMetrics.Smape(actual, predicted),
            ["mae"] = ForecastMetrics.Mae(actual, predicted),
        };
        return new PerformanceMeasurement(metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(StringComparer.Ordinal), actual.Length, null);
    }

    /// <summary>
    /// The days of [<paramref name="start"/>, <paramref name="through"/>] the live data records: from the first day with
    /// an order or event to the last. Days in between without orders are sales of zero (a closed Saturday); days outside
    /// are not known — the source ends before them or the sink began after — and scoring them as zeros judged
    /// `make run`'s forecast on 28 empty days between the synthetic shop's end and today's simulated orders.
    /// </summary>
    private static DaySpan? RecordedSpan(ShopData live, DateOnly start, DateOnly through)
    {
        DateOnly? first = null, last = null;
        foreach (var day in live.Orders.Select(o => DateOnly.FromDateTime(o.OrderedAt)).Concat(live.Events.Select(e => DateOnly.FromDateTime(e.OccurredAt))))
        {
            if (day >= start && day <= through)
            {
                first = first is { } f && f <= day ? f : day;
                last = last is { } l && l >= day ? l : day;
            }
        }

        return first is { } a && last is { } b ? new DaySpan(a, b) : null;
    }

    private readonly record struct DaySpan(DateOnly First, DateOnly Last)
    {
        public int Days => Last.DayNumber - First.DayNumber + 1;
    }

    private static DailyMeasure Measure(IForecaster forecaster) =>
        forecaster.Measure == DailyMeasure.Units.Name() ? DailyMeasure.Units : DailyMeasure.Revenue;

    /// <summary>The version's forecasts for the days of [first, last] after its last observed day.</summary>
    private static IEnumerable<ForecastPoint> ForecastsOver(IForecaster forecaster, DateOnly first, DateOnly last)
    {
        var horizon = last.DayNumber - forecaster.LastObservedDate.DayNumber;
        return horizon is < 1 or > MaxHorizon
            ? [] // nothing after the data end, or so far past it that the version is not what serves today's forecasts
            : (forecaster.Forecast(ForecastScope.Shop, horizon, 0.8) ?? []).Where(p => p.Date >= first);
    }
}
