namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// The multi-step fitting criterion (pure): the mean over forecast origins of the average squared
/// h-step error, h = 1..H ("AMSE", Hyndman et al. 2008 §5.2; forecast::ets's <c>opt.crit = "amse"</c>).
/// Maximum likelihood fits the one-step error; on a noisy daily series it picks a level that chases
/// the last few days, which a forecast weeks ahead then carries. Fitting on 1..H-step errors
/// trades one-step accuracy for the horizon that is actually forecast.
/// </summary>
public static class EtsMultiStep
{
    /// <summary>
    /// AMSE of <paramref name="y"/> from <paramref name="start"/> (not changed). Unobserved days
    /// (NaN) are neither origins' innovations nor targets. +∞ when nothing is scored.
    /// </summary>
    public static double MeanSquaredError(EtsSpec spec, EtsParameters p, EtsState start, ReadOnlySpan<double> y, int horizon)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var damped = new double[horizon + 1];
        for (var h = 1; h <= horizon; h++)
        {
            damped[h] = spec.HasTrend ? EtsFilter.DampedSum(p.Phi, h) : 0;
        }

        var level = start.Level;
        var trend = start.Trend;
        var season = (double[])start.Season.Clone();
        var m = season.Length;
        var t = start.Time;
        double sum = 0;
        long count = 0;
        for (var i = 0; i < y.Length; i++, t++)
        {
            for (var h = 1; h <= horizon && i + h - 1 < y.Length; h++)
            {
                var target = y[i + h - 1];
                if (double.IsNaN(target))
                {
                    continue;
                }

                var forecast = level + (damped[h] * trend) + (m > 1 ? season[(t + h - 1) % m] : 0);
                var error = target - forecast;
                sum += error * error;
                count++;
            }

            var phase = m > 1 ? t % m : 0;
            var dampedTrend = spec.HasTrend ? p.Phi * trend : 0;
            var predicted = level + dampedTrend + (m > 1 ? season[phase] : 0);
            var e = double.IsNaN(y[i]) ? 0 : y[i] - predicted;
            level = level + dampedTrend + (p.Alpha * e);
            if (spec.HasTrend)
            {
                trend = dampedTrend + (p.Beta * e);
            }

            if (m > 1)
            {
                season[phase] += p.Gamma * e;
            }
        }

        return count == 0 ? double.PositiveInfinity : sum / count;
    }
}
