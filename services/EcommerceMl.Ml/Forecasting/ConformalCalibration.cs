namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Conformal interval offsets from a rolling backtest that refits the model (see
/// <see cref="FromBacktest"/>). A score is a backtest error divided by the forecast's own scale at
/// that step (half its central 68.27% interval: one standard deviation for a normal forecast). Scores are pooled per
/// horizon bucket (1, 2, 3–4, 5–7, 8–14, 15–28 … days ahead) and an interval at level L is the
/// point ± the bucket's L quantile of |score|, with the (n+1)/n finite-sample correction, times
/// the step's scale. Absolute scores rather than two signed tails: with a few dozen backtest
/// origins, each tail's 10% quantile rests on too few independent errors. Steps past the last
/// bucket with scores reuse that bucket.
/// </summary>
public sealed class ConformalCalibration
{
    /// <summary>Upper step of each bucket; bucket b covers (BucketEnds[b−1], BucketEnds[b]].</summary>
    public static readonly IReadOnlyList<int> BucketEnds = [1, 2, 4, 7, 14, 28, 56, 112, 224, 448, 896];

    /// <summary>Sorted scores kept per bucket: quantiles to within 1/256 of their rank.</summary>
    public const int MaxScoresPerBucket = 256;

    private readonly float[][] _sorted;

    public ConformalCalibration(float[][] sortedScores)
    {
        ArgumentNullException.ThrowIfNull(sortedScores);
        if (sortedScores.Length == 0 || sortedScores.Any(b => b.Length == 0))
        {
            throw new ArgumentException("Conformal calibration needs scores in every bucket it keeps, and one-step-ahead scores at least.", nameof(sortedScores));
        }

        _sorted = sortedScores;
    }

    public int BucketCount => _sorted.Length;

    internal IReadOnlyList<float[]> Sorted => _sorted;

    /// <summary>The level whose half-width is one standard deviation of a normal forecast.</summary>
    public const double ScaleLevel = 0.682689492;

    /// <summary>
    /// Backtests <paramref name="fit"/> (history → uncalibrated forecast) from
    /// <paramref name="origins"/> origins <paramref name="strideDays"/> apart, ending one stride
    /// before the end of <paramref name="history"/>: each refit sees only the days before its
    /// origin, so the scores are honest out-of-sample errors, including those of anything fitted
    /// beside the smoothing (a yearly pattern, the model choice). The default 13 origins 28 days
    /// apart span a year, so a series whose volatility moves with the seasons is calibrated on all
    /// of them. Null when the history is too short for any backtest (origins stay in its second half).
    /// </summary>
    public static ConformalCalibration? FromBacktest(Func<double[], int, SeriesForecast> fit, ReadOnlySpan<double> history, int horizon, int origins = 13, int strideDays = 28)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var scores = new List<(int Step, double Score)>();
        for (var k = 1; k <= origins; k++)
        {
            var origin = history.Length - (k * strideDays);
            if (origin < Math.Max(28, history.Length / 2))
            {
                break;
            }

            var steps = Math.Min(horizon, history.Length - origin);
            var backtest = fit(history[..origin].ToArray(), steps);
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

        return scores.Count == 0 ? null : FromScores(scores);
    }

    /// <summary>Half the forecast's central interval at <see cref="ScaleLevel"/>.</summary>
    public static double Scale(SeriesForecast forecast, int step)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var (lower, upper) = forecast.Offsets(step, ScaleLevel);
        return (upper - lower) / 2;
    }

    /// <summary>Pools (step, score) pairs into buckets, up to the last bucket with scores.</summary>
    public static ConformalCalibration FromScores(IEnumerable<(int Step, double Score)> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var buckets = BucketEnds.Select(_ => new List<double>()).ToList();
        foreach (var (step, score) in scores)
        {
            if (double.IsFinite(score))
            {
                buckets[BucketOf(step)].Add(Math.Abs(score));
            }
        }

        var last = buckets.FindLastIndex(b => b.Count > 0);
        if (last < 0)
        {
            throw new ArgumentException("No backtest score to calibrate intervals on: the history is too short for a backtest.", nameof(scores));
        }

        // A bucket without scores (its steps all fell on closed days) borrows the nearest earlier
        // bucket's, or the nearest later one's at the start.
        var kept = new float[last + 1][];
        for (var b = 0; b <= last; b++)
        {
            kept[b] = buckets[b].Count > 0 ? Thin(buckets[b]) : [];
        }

        for (var b = 0; b <= last; b++)
        {
            if (kept[b].Length == 0)
            {
                kept[b] = b > 0 ? kept[b - 1] : kept.First(k => k.Length > 0);
            }
        }

        return new ConformalCalibration(kept);
    }

    /// <summary>Offsets at <paramref name="step"/> for level <paramref name="level"/>, given the forecast's scale there.</summary>
    public (double Lower, double Upper) Offsets(int step, double level, double scale)
    {
        var scores = _sorted[Math.Min(BucketOf(step), _sorted.Length - 1)];
        var q = ResidualBuckets.Quantile(scores, Math.Min(1, level * (scores.Length + 1.0) / scores.Length));
        return (-scale * q, scale * q);
    }

    internal static int BucketOf(int step)
    {
        for (var b = 0; b < BucketEnds.Count; b++)
        {
            if (step <= BucketEnds[b])
            {
                return b;
            }
        }

        return BucketEnds.Count - 1;
    }

    private static float[] Thin(List<double> scores)
    {
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        if (sorted.Length <= MaxScoresPerBucket)
        {
            return [.. sorted.Select(s => (float)s)];
        }

        var thinned = new float[MaxScoresPerBucket];
        for (var i = 0; i < thinned.Length; i++)
        {
            thinned[i] = (float)sorted[(int)Math.Round(i * (sorted.Length - 1) / (double)(MaxScoresPerBucket - 1))];
        }

        return thinned;
    }
}
