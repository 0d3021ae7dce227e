namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Conformal interval offsets from a rolling backtest that refits the model (the origins and refits
/// are the model's business: <see cref="Ets.EtsSeriesModel"/>). A score is a backtest error divided
/// by the forecast's own σ at that step. Scores are pooled per
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
