namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Starting states from the first seasons of data (a heuristic in the spirit of Hyndman et al. 2008,
/// §2.6.1), so the likelihood is maximised over the smoothing parameters only: seasonal indices are
/// the average deviation of each phase from its season's mean over the first (up to four) seasons,
/// centred to sum to zero; the level is the first season's mean; the trend is the change between
/// the first two seasons' means per day. Unobserved days are skipped.
/// </summary>
public static class EtsInitialStates
{
    public const int SeasonsUsed = 4;

    public static EtsState Estimate(EtsSpec spec, ReadOnlySpan<double> y)
    {
        var m = spec.Seasonal ? spec.Period : 1;
        var block = spec.Seasonal ? m : Math.Min(7, Math.Max(1, y.Length / 2));
        var blocks = Math.Clamp(y.Length / block, 1, SeasonsUsed);
        var means = new double[blocks];
        for (var k = 0; k < blocks; k++)
        {
            means[k] = MeanObserved(y.Slice(k * block, block));
        }

        var level = double.IsNaN(means[0]) ? MeanObserved(y) : means[0];
        var trend = 0.0;
        if (spec.HasTrend && blocks >= 2 && !double.IsNaN(means[0]) && !double.IsNaN(means[1]))
        {
            trend = (means[1] - means[0]) / block;
        }

        var season = new double[m];
        if (spec.Seasonal)
        {
            var counts = new int[m];
            for (var k = 0; k < blocks; k++)
            {
                for (var j = 0; j < m; j++)
                {
                    var value = y[(k * m) + j];
                    if (!double.IsNaN(value) && !double.IsNaN(means[k]))
                    {
                        season[j] += value - means[k];
                        counts[j]++;
                    }
                }
            }

            for (var j = 0; j < m; j++)
            {
                season[j] = counts[j] == 0 ? 0 : season[j] / counts[j];
            }

            var centre = season.Average();
            for (var j = 0; j < m; j++)
            {
                season[j] -= centre;
            }
        }

        if (double.IsNaN(level))
        {
            throw new ArgumentException("The series has no observed day to start exponential smoothing from.", nameof(y));
        }

        // The level is the first season's centre; step it back half a season along the trend so
        // that ℓ₀ + b·(j + ½) matches the phase means.
        return new EtsState(level - (trend * (block - 1) / 2.0), trend, season, 0);
    }

    private static double MeanObserved(ReadOnlySpan<double> values)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
