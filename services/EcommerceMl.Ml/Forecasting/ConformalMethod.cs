namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Any method with conformally calibrated intervals, from a rolling backtest that refits it. From
/// each of <see cref="Origins"/> origins, <see cref="StrideDays"/> apart and ending one stride before
/// the end of the history, the inner method is refit on the days before the origin only and
/// forecasts what follows; each error over the forecast's own scale (half its central interval at
/// 68.27%, one standard deviation for a normal forecast) is a score. The final forecast is the inner
/// method's fit on all the history, its intervals rescaled by <see cref="ConformalCalibration"/>.
/// Because every backtest fit sees only its past, the scores are honest out-of-sample errors,
/// including those of anything fitted beside the smoothing (a yearly pattern, model choice).
/// The default 13 origins 28 days apart span a year, so a series whose volatility moves with the
/// seasons is calibrated on all of them.
/// </summary>
public sealed class ConformalMethod(ISeriesForecastMethod inner, int origins = 13, int strideDays = 28) : ISeriesForecastMethod
{
    /// <summary>The level whose half-width is one standard deviation of a normal forecast.</summary>
    public const double ScaleLevel = 0.682689492;

    public string Name => inner.Name + "-conformal";

    public int Origins => origins;

    public int StrideDays => strideDays;

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var scores = new List<(int Step, double Score)>();
        for (var k = 1; k <= origins; k++)
        {
            var origin = history.Length - (k * strideDays);
            if (origin < Math.Max(28, history.Length / 2))
            {
                break;
            }

            var steps = Math.Min(horizon, history.Length - origin);
            var backtest = inner.Forecast(history[..origin], steps);
            for (var h = 1; h <= steps; h++)
            {
                var actual = history[origin + h - 1];
                var scale = Scale(backtest, h);
                if (!double.IsNaN(actual) && scale > 0)
                {
                    scores.Add((h, (actual - backtest.RawPoint(h)) / scale));
                }
            }
        }

        var final = inner.Forecast(history, horizon);
        if (scores.Count == 0)
        {
            return final; // too short to backtest: the inner method's own intervals are all there is
        }

        var calibration = ConformalCalibration.FromScores(scores);
        return final.WithOffsets((step, level) => calibration.Offsets(step, level, Scale(final, step)));
    }

    private static double Scale(SeriesForecast forecast, int step)
    {
        var (lower, upper) = forecast.Offsets(step, ScaleLevel);
        return (upper - lower) / 2;
    }
}
