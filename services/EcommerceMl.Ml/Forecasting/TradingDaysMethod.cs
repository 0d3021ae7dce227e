namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Keeps a shop's closures out of a method's fit and puts them back into its forecast. A weekday
/// (position mod 7) whose last <see cref="ClosedWeeks"/> occurrences all had no sales is a closed
/// day (online retail's Saturdays): its history is unobserved for the inner method and its
/// forecast is 0 with a zero-width interval. When the open days almost never have zero sales
/// (under <see cref="MaxOpenZeroShare"/> of them in the last year), a zero on an open day is a
/// closure too (the retailer's Christmas break) and is left out of the fit rather than read as
/// demand collapsing. Series with genuinely intermittent sales (a single product) are untouched
/// but for closed weekdays.
/// </summary>
public sealed class TradingDaysMethod(ISeriesForecastMethod inner) : ISeriesForecastMethod
{
    public const int ClosedWeeks = 8;
    public const double MaxOpenZeroShare = 0.05;

    public string Name => inner.Name;

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        var closed = ClosedPhases(history);
        if (!closed.Any(c => c) && !ZerosAreClosures(history, closed))
        {
            return inner.Forecast(history, horizon);
        }

        var masked = history.ToArray();
        var zerosAreClosures = ZerosAreClosures(history, closed);
        for (var t = 0; t < masked.Length; t++)
        {
            if (closed[t % 7] || (zerosAreClosures && masked[t] == 0))
            {
                masked[t] = double.NaN;
            }
        }

        var forecast = inner.Forecast(masked, horizon);
        var length = history.Length;
        bool IsClosed(int step) => closed[(length + step - 1) % 7];
        var point = Enumerable.Range(1, horizon).Select(h => IsClosed(h) ? 0 : forecast.RawPoint(h)).ToArray();
        return new SeriesForecast(point, (step, level) => IsClosed(step) ? (0, 0) : forecast.Offsets(step, level), forecast.NonNegative || SeriesGaps.IsNonNegative(history));
    }

    /// <summary>Per position mod 7: closed when its last <see cref="ClosedWeeks"/> occurrences had no sales.</summary>
    internal static bool[] ClosedPhases(ReadOnlySpan<double> history)
    {
        var closed = new bool[7];
        if (history.Length < ClosedWeeks * 7)
        {
            return closed;
        }

        for (var phase = 0; phase < 7; phase++)
        {
            closed[phase] = true;
            var seen = 0;
            for (var t = history.Length - 1; t >= 0 && seen < ClosedWeeks; t--)
            {
                if (t % 7 == phase)
                {
                    seen++;
                    closed[phase] &= history[t] == 0 || double.IsNaN(history[t]);
                }
            }
        }

        return closed;
    }

    private static bool ZerosAreClosures(ReadOnlySpan<double> history, bool[] closed)
    {
        int open = 0, zeros = 0;
        for (var t = Math.Max(0, history.Length - 365); t < history.Length; t++)
        {
            if (!closed[t % 7] && !double.IsNaN(history[t]))
            {
                open++;
                zeros += history[t] == 0 ? 1 : 0;
            }
        }

        return open > 0 && zeros > 0 && (double)zeros / open < MaxOpenZeroShare;
    }
}
