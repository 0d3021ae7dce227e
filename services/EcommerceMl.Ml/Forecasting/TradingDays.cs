namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// A shop's closures, learnt from its history (pure). A weekday (position mod 7) whose last
/// <see cref="ClosedWeeks"/> occurrences all had no sales is closed (online retail's Saturdays):
/// a model fits it as unobserved and forecasts 0 there. When open days almost never have zero
/// sales (under <see cref="MaxOpenZeroShare"/> of them in the last year), a zero on an open day
/// is a closure too (the retailer's Christmas break), left out of the fit rather than read as
/// demand collapsing. Series with intermittent sales (a slow product) keep their zeros.
/// </summary>
public static class TradingDays
{
    public const int ClosedWeeks = 8;
    public const double MaxOpenZeroShare = 0.05;

    /// <summary>Per position mod 7 (position 0 = the series' first day): closed or not.</summary>
    public static bool[] ClosedPhases(ReadOnlySpan<double> history)
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

    /// <summary>The history with closed days (closed weekdays, and zeros that are closures) as NaN.</summary>
    public static double[] Mask(ReadOnlySpan<double> history, bool[] closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var zerosAreClosures = ZerosAreClosures(history, closed);
        var masked = history.ToArray();
        for (var t = 0; t < masked.Length; t++)
        {
            if (closed[t % 7] || (zerosAreClosures && masked[t] == 0))
            {
                masked[t] = double.NaN;
            }
        }

        return masked;
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
