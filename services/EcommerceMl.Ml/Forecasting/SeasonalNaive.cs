namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// The seasonal-naive kernel (pure): tomorrow is what the same day of the last observed season
/// was, ŷ(T+h) = y(T + h − s·⌈h/s⌉).
/// </summary>
public static class SeasonalNaive
{
    /// <summary>Point forecasts for h = 1..<paramref name="horizon"/> after the last value of <paramref name="history"/>.</summary>
    public static double[] Forecast(ReadOnlySpan<double> history, int season, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(season, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (history.Length < season)
        {
            throw new ArgumentException($"Seasonal naive needs one full season ({season} days) of history; got {history.Length}.", nameof(history));
        }

        var last = history.Length - 1;
        var forecast = new double[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            forecast[h - 1] = history[last + h - season * SeasonsAhead(h, season)];
        }

        return forecast;
    }

    /// <summary>⌈h/s⌉: how many seasons back the forecast for step h reaches.</summary>
    public static int SeasonsAhead(int step, int season) => (step + season - 1) / season;

    /// <summary>
    /// The lag-<paramref name="lag"/> differences y(t) − y(t − lag) for the targets t in the last
    /// <paramref name="window"/> days. These are exactly the in-sample errors of the method at
    /// ⌈h/s⌉ = lag/s from every rolling origin (see <see cref="ResidualBuckets"/>).
    /// </summary>
    public static double[] LagDifferences(ReadOnlySpan<double> values, int lag, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var first = Math.Max(lag, values.Length - window);
        if (first >= values.Length)
        {
            return [];
        }

        var differences = new double[values.Length - first];
        for (var t = first; t < values.Length; t++)
        {
            differences[t - first] = values[t] - values[t - lag];
        }

        return differences;
    }
}
