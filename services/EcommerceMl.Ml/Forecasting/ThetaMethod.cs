using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// The Theta method (Assimakopoulos and Nikolopoulos 2000, the M3 competition's best; in the form of
/// Hyndman and Billah 2003: simple exponential smoothing with drift equal to half the slope of a
/// linear trend), on trading days: closed days (<see cref="TradingDays"/>) are left out and
/// forecast as 0. The weekly pattern is removed first by classical decomposition over the whole
/// history — the mean ratio of each weekday to its week's mean of open days (differences when a
/// value is not positive) — and put back on the forecast. With n open days, SES level ℓₙ and
/// smoothing α (least squares), and b the least-squares slope per open day, the j-th open day
/// ahead is ℓₙ + b/2 · (j − 1 + 1/α − (1 − α)ⁿ/α). Intervals are SES's own, σ√(1 + (j − 1)α²),
/// in the adjusted scale.
/// </summary>
public sealed class ThetaMethod(int period = 7) : ISeriesForecastMethod
{
    public string Name => "theta";

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var closed = TradingDays.ClosedPhases(history);
        var masked = TradingDays.Mask(history, closed);
        var n = masked.Length;
        var multiplicative = masked.All(v => double.IsNaN(v) || v > 0);
        var index = SeasonalIndex(masked, period, multiplicative);
        double Adjust(double v, int t) => multiplicative ? v / index[t % period] : v - index[t % period];
        double Restore(double v, int t) => multiplicative ? v * index[t % period] : v + index[t % period];

        var adjusted = new List<double>(n);
        for (var t = 0; t < n; t++)
        {
            if (!double.IsNaN(masked[t]))
            {
                adjusted.Add(Adjust(masked[t], t));
            }
        }

        if (adjusted.Count < 2 * period)
        {
            throw new ArgumentException($"Theta needs {2 * period} observed open days at least; the history has {adjusted.Count}.", nameof(history));
        }

        var z = adjusted.ToArray();
        var slope = LeastSquaresSlope(z);
        var (alpha, finalLevel, sigma) = SimpleExponentialSmoothing(z);
        var point = new double[horizon];
        var sd = new double[horizon];
        var isClosed = new bool[horizon];
        var ahead = 0;
        for (var h = 1; h <= horizon; h++)
        {
            var t = n + h - 1;
            if (closed[t % 7])
            {
                isClosed[h - 1] = true;
                continue;
            }

            ahead++;
            var drift = slope / 2 * (ahead - 1 + (1 / alpha) - (Math.Pow(1 - alpha, z.Length) / alpha));
            point[h - 1] = Restore(finalLevel + drift, t);
            sd[h - 1] = sigma * Math.Sqrt(1 + ((ahead - 1) * alpha * alpha)) * (multiplicative ? index[t % period] : 1);
        }

        (double, double) Offsets(int step, double level)
        {
            if (isClosed[step - 1])
            {
                return (0, 0);
            }

            var q = NormalQuantile.Of((1 + level) / 2) * sd[step - 1];
            return (-q, q);
        }

        return new SeriesForecast(point, Offsets, SeriesGaps.IsNonNegative(SeriesGaps.FillForward(history)));
    }

    /// <summary>
    /// Per position mod <paramref name="period"/>: the mean ratio (or difference) of a day to the mean
    /// of its block's observed days, over every block of <paramref name="period"/> days (aligned to
    /// the end) with no unobserved open day; normalised to mean 1 (or 0) over the positions seen.
    /// Positions never observed (closed weekdays) keep 1 (or 0): they are not forecast.
    /// </summary>
    internal static double[] SeasonalIndex(double[] masked, int period, bool multiplicative)
    {
        var neutral = multiplicative ? 1.0 : 0.0;
        var index = Enumerable.Repeat(neutral, period).ToArray();
        if (period <= 1)
        {
            return index;
        }

        var sum = new double[period];
        var count = new int[period];
        for (var end = masked.Length; end - period >= 0; end -= period)
        {
            var block = masked.AsSpan(end - period, period);
            var open = new List<double>();
            var complete = true;
            for (var i = 0; i < period; i++)
            {
                if (!double.IsNaN(block[i]))
                {
                    open.Add(block[i]);
                }
                else if (!AlwaysUnobserved(masked, (end - period + i) % period, period))
                {
                    complete = false;
                }
            }

            if (!complete || open.Count == 0)
            {
                continue;
            }

            var mean = open.Average();
            if (multiplicative && !(mean > 0))
            {
                continue;
            }

            for (var i = 0; i < period; i++)
            {
                var t = end - period + i;
                if (!double.IsNaN(masked[t]))
                {
                    sum[t % period] += multiplicative ? masked[t] / mean : masked[t] - mean;
                    count[t % period]++;
                }
            }
        }

        var seen = Enumerable.Range(0, period).Where(p => count[p] > 0).ToList();
        if (seen.Count == 0)
        {
            return index;
        }

        foreach (var p in seen)
        {
            index[p] = sum[p] / count[p];
        }

        var centre = seen.Average(p => index[p]);
        foreach (var p in seen)
        {
            index[p] = multiplicative ? index[p] / centre : index[p] - centre;
        }

        return index;
    }

    /// <summary>Least-squares slope of z on 0..n−1.</summary>
    internal static double LeastSquaresSlope(double[] z)
    {
        var meanX = (z.Length - 1) / 2.0;
        var meanZ = z.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < z.Length; i++)
        {
            sxy += (i - meanX) * (z[i] - meanZ);
            sxx += (i - meanX) * (i - meanX);
        }

        return sxx > 0 ? sxy / sxx : 0;
    }

    /// <summary>
    /// SES from ℓ₀ = z₀ with the α (on a grid of 0.01 … 0.99, step 0.01) of least one-step squared
    /// error: α, the final level and the RMS one-step error.
    /// </summary>
    internal static (double Alpha, double Level, double Sigma) SimpleExponentialSmoothing(double[] z)
    {
        (double Alpha, double Level, double Sse) best = (0, 0, double.PositiveInfinity);
        for (var k = 1; k <= 99; k++)
        {
            var alpha = k / 100.0;
            var level = z[0];
            double sse = 0;
            for (var i = 1; i < z.Length; i++)
            {
                var error = z[i] - level;
                sse += error * error;
                level += alpha * error;
            }

            if (sse < best.Sse)
            {
                best = (alpha, level, sse);
            }
        }

        return (best.Alpha, best.Level, Math.Sqrt(best.Sse / (z.Length - 1)));
    }

    private static bool AlwaysUnobserved(double[] masked, int phase, int period)
    {
        for (var t = phase; t < masked.Length; t += period)
        {
            if (!double.IsNaN(masked[t]))
            {
                return false;
            }
        }

        return true;
    }
}
