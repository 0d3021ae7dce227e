using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Forecasts: inputs by <see cref="ForecastReferenceFeatures"/> over the window's days, outputs the
/// version's daily forecasts for the window's days after its data ended; realized MASE (and sMAPE,
/// MAE) of those forecasts against the actual days, scaled like the held-out MASE (the weekly
/// seasonal-naive error of the history before the forecast), over at most the held-out horizon.
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

        var through = forecaster.LastObservedDate.AddDays(horizon);
        var series = DailySeriesBuilder.Build(context.Live, through, measure: Measure(forecaster))[0];
        var history = series.Values[..(series.Length - horizon)];
        var actual = series.Values[(series.Length - horizon)..];
        var predicted = forecaster.Forecast(ForecastScope.Shop, horizon, 0.8)!.Select(p => p.Predicted).ToArray();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["mase"] = ForecastMetrics.Mase(actual, predicted, history, ForecastPipeline.MaseScalePeriod),
            ["smape"] = ForecastMetrics.Smape(actual, predicted),
            ["mae"] = ForecastMetrics.Mae(actual, predicted),
        };
        return new PerformanceMeasurement(metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(StringComparer.Ordinal), horizon, null);
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
