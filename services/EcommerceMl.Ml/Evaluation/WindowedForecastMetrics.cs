namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Prophet's <c>performance_metrics</c> windowing (pure): cross-validation rows are sorted by
/// horizon and each metric is a rolling mean over windows of <c>w</c> = ⌊fraction · rows⌋ rows,
/// reported at the horizon where each window ends. As in Prophet's <c>rolling_mean_by_h</c>, rows
/// are grouped by horizon first, and the group where a window starts counts only partly (by its
/// mean) so every window holds exactly <c>w</c> rows' worth.
/// </summary>
public static class WindowedForecastMetrics
{
    public const double DefaultWindowFraction = 0.1;

    /// <summary>One CV row: the horizon in days, the actual, the point forecast and the interval.</summary>
    public readonly record struct Row(int Horizon, double Actual, double Predicted, double Lower, double Upper);

    /// <summary>(horizon, mean) for every horizon where a full window ends, in ascending horizon order.</summary>
    public static IReadOnlyList<(int Horizon, double Mean)> RollingMeanByHorizon(IReadOnlyList<int> horizons, IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(horizons);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (horizons.Count != values.Count)
        {
            throw new ArgumentException($"{horizons.Count} horizons but {values.Count} values.", nameof(values));
        }

        var groups = horizons.Zip(values)
            .GroupBy(r => r.First)
            .OrderBy(g => g.Key)
            .Select(g => (Horizon: g.Key, Sum: g.Sum(r => r.Second), Count: g.Count()))
            .ToArray();
        var result = new double[groups.Length];
        var trailing = groups.Length - 1;
        double sum = 0;
        var count = 0;
        for (var i = groups.Length - 1; i >= 0; i--)
        {
            sum += groups[i].Sum;
            count += groups[i].Count;
            while (count >= window)
            {
                var excess = count - window;
                result[trailing] = (sum - (excess * groups[i].Sum / groups[i].Count)) / window;
                sum -= groups[trailing].Sum;
                count -= groups[trailing].Count;
                trailing--;
            }
        }

        return [.. Enumerable.Range(trailing + 1, groups.Length - trailing - 1).Select(g => (groups[g].Horizon, result[g]))];
    }

    /// <summary>
    /// The first window's metrics (the shortest horizons, e.g. Prophet's "37 days" row):
    /// <c>mape</c>, <c>smape</c>, <c>mae</c>, <c>rmse</c> (√ of the windowed squared error, as
    /// Prophet), <c>coverage</c>, and <c>horizon_days</c> where the window ends.
    /// </summary>
    public static Dictionary<string, double> FirstWindow(IReadOnlyList<Row> rows, double fraction = DefaultWindowFraction)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var window = (int)(fraction * rows.Count);
        if (window < 1)
        {
            throw new ArgumentException($"{rows.Count} cross-validation rows are too few for windows of {fraction:P0} of them.", nameof(rows));
        }

        var horizons = rows.Select(r => r.Horizon).ToArray();
        (int Horizon, double Mean) First(Func<Row, double> metric) => RollingMeanByHorizon(horizons, [.. rows.Select(metric)], window)[0];
        var mse = First(r => (r.Actual - r.Predicted) * (r.Actual - r.Predicted));
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["horizon_days"] = mse.Horizon,
            ["mape"] = First(r => Math.Abs((r.Actual - r.Predicted) / r.Actual)).Mean,
            ["smape"] = First(r => SymmetricError(r.Actual, r.Predicted)).Mean,
            ["mae"] = First(r => Math.Abs(r.Actual - r.Predicted)).Mean,
            ["rmse"] = Math.Sqrt(mse.Mean),
            ["coverage"] = First(r => r.Actual >= r.Lower && r.Actual <= r.Upper ? 1 : 0).Mean,
        };
    }

    private static double SymmetricError(double actual, double predicted)
    {
        var denominator = Math.Abs(actual) + Math.Abs(predicted);
        return denominator == 0 ? 0 : 2 * Math.Abs(actual - predicted) / denominator;
    }
}
