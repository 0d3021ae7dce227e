using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// The forecast evaluation protocols (pure: series and methods in, metrics out).
/// <list type="bullet">
/// <item><see cref="RollingOriginProtocol"/>: Prophet's diagnostics — rolling origin, every observed
/// day of each horizon scored, metrics of the first 10% window of rows sorted by horizon.</item>
/// <item><see cref="Holdout"/>: the last days held out once; MASE scaled by the training part's
/// seasonal-naive error.</item>
/// </list>
/// </summary>
public static class ForecastEvaluator
{
    public const double CoverageLevel = 0.80;

    /// <param name="InitialDays">Least training per fold (Prophet's <c>initial</c>).</param>
    /// <param name="PeriodDays">Days between cutoffs.</param>
    /// <param name="HorizonDays">Days forecast after each cutoff.</param>
    public sealed record RollingOriginProtocol(int InitialDays = 730, int PeriodDays = 180, int HorizonDays = 365, double WindowFraction = WindowedForecastMetrics.DefaultWindowFraction)
    {
        public string Describe(IReadOnlyList<DateOnly> cutoffs) =>
            $"rolling origin (Prophet diagnostics): initial {InitialDays} d, period {PeriodDays} d, horizon {HorizonDays} d; " +
            $"{cutoffs.Count} cutoffs {cutoffs[0]:yyyy-MM-dd} … {cutoffs[^1]:yyyy-MM-dd}; metrics over the first {WindowFraction:P0} of CV rows sorted by horizon; {CoverageLevel:P0} intervals";
    }

    public static MetricsReport RollingOrigin(string dataset, DailySeries series, IReadOnlyList<ISeriesForecastMethod> methods, RollingOriginProtocol protocol, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(protocol);
        var cutoffs = Evaluation.RollingOrigin.Cutoffs(series, protocol.InitialDays, protocol.PeriodDays, protocol.HorizonDays);
        var folds = cutoffs.Select(c => Evaluation.RollingOrigin.Split(series, c, protocol.HorizonDays)).ToList();
        var results = new List<AlgorithmScores>();
        foreach (var method in methods)
        {
            var rows = new List<WindowedForecastMetrics.Row>();
            foreach (var fold in folds)
            {
                progress?.Report($"{method.Name}: cutoff {fold.Cutoff:yyyy-MM-dd}");
                var forecast = method.Forecast(fold.Train, protocol.HorizonDays);
                var (lower, upper) = forecast.Interval(CoverageLevel);
                rows.AddRange(fold.Test.Select(t => new WindowedForecastMetrics.Row(t.Step, t.Actual, forecast.Point[t.Step - 1], lower[t.Step - 1], upper[t.Step - 1])));
            }

            var metrics = WindowedForecastMetrics.FirstWindow(rows, protocol.WindowFraction);
            metrics["cv_rows"] = rows.Count;
            results.Add(new AlgorithmScores(method.Name, Ordered(metrics, "mape", "smape", "mae", "rmse", "coverage", "horizon_days", "cv_rows")));
        }

        return new MetricsReport(dataset, protocol.Describe(cutoffs), results);
    }

    /// <summary>
    /// Holds out the last <paramref name="holdoutDays"/> days: <c>mase</c> (scaled by the training
    /// days' seasonal-naive MAE at period <paramref name="masePeriod"/>), <c>smape</c>, <c>mae</c>,
    /// <c>rmse</c>, <c>coverage_80</c>, <c>coverage_95</c>, <c>interval_width_80</c>.
    /// </summary>
    public static MetricsReport Holdout(string dataset, string measure, DailySeries series, IReadOnlyList<ISeriesForecastMethod> methods, int holdoutDays = 28, int masePeriod = 7, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(methods);
        if (series.Length <= holdoutDays + masePeriod)
        {
            throw new ArgumentException($"The series has {series.Length} days: too few for a {holdoutDays}-day holdout and a period-{masePeriod} MASE scale.", nameof(series));
        }

        var train = series.Head(series.Length - holdoutDays);
        var test = series.Tail(holdoutDays);
        var results = new List<AlgorithmScores>();
        foreach (var method in methods)
        {
            progress?.Report(method.Name);
            var forecast = method.Forecast(train, holdoutDays);
            var (lower80, upper80) = forecast.Interval(0.80);
            var (lower95, upper95) = forecast.Interval(0.95);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["mase"] = ForecastMetrics.Mase(test.Values, forecast.Point, train.Values, masePeriod),
                ["smape"] = ForecastMetrics.Smape(test.Values, forecast.Point),
                ["mae"] = ForecastMetrics.Mae(test.Values, forecast.Point),
                ["rmse"] = ForecastMetrics.Rmse(test.Values, forecast.Point),
                ["coverage_80"] = ForecastMetrics.Coverage(test.Values, lower80, upper80),
                ["coverage_95"] = ForecastMetrics.Coverage(test.Values, lower95, upper95),
                ["interval_width_80"] = ForecastMetrics.MeanIntervalWidth(lower80, upper80),
            };
            results.Add(new AlgorithmScores(method.Name, Ordered(metrics, "mase", "smape", "mae", "rmse", "coverage_80", "coverage_95", "interval_width_80")));
        }

        var protocol = $"daily {measure}, {train.Start:yyyy-MM-dd} … {train.End:yyyy-MM-dd} train, last {holdoutDays} days {test.Start:yyyy-MM-dd} … {test.End:yyyy-MM-dd} held out; " +
            $"MASE scaled by in-sample seasonal-naive MAE (period {masePeriod})";
        return new MetricsReport(dataset, protocol, results);
    }

    private static List<KeyValuePair<string, double>> Ordered(Dictionary<string, double> metrics, params string[] order) =>
        [.. order.Where(metrics.ContainsKey).Select(k => KeyValuePair.Create(k, metrics[k]))];
}
