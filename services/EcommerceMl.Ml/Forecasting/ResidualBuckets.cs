namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Empirical forecast-error distributions by horizon bucket, for prediction intervals at any level.
/// Bucket k holds the in-sample errors of seasonal naive at the steps h with ⌈h/s⌉ = k (k seasons
/// ahead). From a rolling origin T the error at step h is y(T+h) − y(T+h − s·k): a lag-k·s
/// difference at the target day. So the errors over all rolling origins in bucket k are exactly the
/// lag-k·s differences of the series, each seen s times (edges aside); storing each once gives the
/// same distribution. Samples are kept sorted as float32 (their precision far exceeds what an
/// interval needs), thinned to <see cref="MaxSamplesPerBucket"/> order statistics.
/// </summary>
public sealed class ResidualBuckets
{
    /// <summary>Buckets beyond the first need this many errors, or history does not support them.</summary>
    public const int MinSamplesPerBucket = 14;

    /// <summary>Six seasons: with s = 7, six weeks ahead, past the usual 28-day horizon.</summary>
    public const int MaxBuckets = 6;

    /// <summary>
    /// 64 order statistics put every quantile within 1/64 of its rank, finer than the sampling error
    /// of a year of daily errors at the 2.5% tail, and keep a scope at ~1.5 KB (online retail's ~3,000
    /// scopes: ~4.6 MB).
    /// </summary>
    public const int MaxSamplesPerBucket = 64;

    private readonly float[][] _sorted;

    /// <param name="sorted">Per bucket (1 season ahead first), the errors in ascending order.</param>
    public ResidualBuckets(float[][] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0 || sorted.Any(b => b.Length == 0))
        {
            throw new ArgumentException("Every residual bucket needs at least one error, and there must be at least one bucket.", nameof(sorted));
        }

        _sorted = sorted;
    }

    public int BucketCount => _sorted.Length;

    internal IReadOnlyList<float[]> Sorted => _sorted;

    /// <summary>
    /// Errors of a series for <paramref name="season"/>, from targets in its last <paramref name="window"/> days.
    /// Bucket 1 is kept with any errors at all; later buckets only while they have enough.
    /// </summary>
    public static ResidualBuckets FromHistory(ReadOnlySpan<double> values, int season, int window)
    {
        var buckets = new List<float[]>();
        for (var k = 1; k <= MaxBuckets; k++)
        {
            var errors = SeasonalNaive.LagDifferences(values, k * season, window);
            if (errors.Length == 0 || (k > 1 && errors.Length < MinSamplesPerBucket))
            {
                break;
            }

            buckets.Add(Thin(errors));
        }

        if (buckets.Count == 0)
        {
            throw new ArgumentException($"A series of {values.Length} days has no seasonal errors for season {season}: it needs more than one season.", nameof(values));
        }

        return new ResidualBuckets([.. buckets]);
    }

    /// <summary>
    /// Offsets to add to the point forecast at <paramref name="step"/> for a central interval at
    /// <paramref name="level"/>: the (1−level)/2 and (1+level)/2 quantiles of the step's bucket.
    /// Steps beyond the last bucket reuse it widened by √(k/K), the random-walk growth of error
    /// spread — conservative for a stable seasonal series, honest for a drifting one.
    /// </summary>
    public (double Lower, double Upper) Offsets(int step, int season, double level)
    {
        var k = SeasonsAhead(step, season);
        var bucket = _sorted[Math.Min(k, _sorted.Length) - 1];
        var widen = k > _sorted.Length ? Math.Sqrt((double)k / _sorted.Length) : 1.0;
        return (widen * Quantile(bucket, (1 - level) / 2), widen * Quantile(bucket, (1 + level) / 2));
    }

    /// <summary>Linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<float> sorted, double p)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static int SeasonsAhead(int step, int season) => SeasonalNaive.SeasonsAhead(step, season);

    private static float[] Thin(double[] errors)
    {
        Array.Sort(errors);
        if (errors.Length <= MaxSamplesPerBucket)
        {
            return [.. errors.Select(e => (float)e)];
        }

        // Evenly spaced order statistics keep the minimum, the maximum and every quantile to
        // within 1/64 of its rank.
        var thinned = new float[MaxSamplesPerBucket];
        for (var i = 0; i < thinned.Length; i++)
        {
            thinned[i] = (float)errors[(int)Math.Round(i * (errors.Length - 1) / (double)(MaxSamplesPerBucket - 1))];
        }

        return thinned;
    }
}
