namespace EcommerceMl.Ml.Churn;

/// <summary>
/// z = (x − mean) / std per feature, with mean and (population) std taken from training rows only.
/// A constant feature gets std 1: it carries no information, and dividing by zero would not help.
/// </summary>
public sealed class FeatureStandardizer
{
    private readonly double[] _means;
    private readonly double[] _stds;

    public FeatureStandardizer(double[] means, double[] stds)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(stds);
        if (means.Length != stds.Length || stds.Any(s => !(s > 0) || !double.IsFinite(s)) || means.Any(m => !double.IsFinite(m)))
        {
            throw new ArgumentException("Standardisation needs as many means as stds, all finite and every std positive.", nameof(stds));
        }

        _means = means;
        _stds = stds;
    }

    public int Length => _means.Length;

    public ReadOnlySpan<double> Means => _means;

    public ReadOnlySpan<double> Stds => _stds;

    public static FeatureStandardizer Fit(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("Standardisation needs at least one row.", nameof(rows));
        }

        var width = rows[0].Length;
        var means = new double[width];
        var stds = new double[width];
        for (var j = 0; j < width; j++)
        {
            var mean = rows.Average(r => r[j]);
            var variance = rows.Average(r => (r[j] - mean) * (r[j] - mean));
            means[j] = mean;
            stds[j] = variance > 1e-24 ? Math.Sqrt(variance) : 1;
        }

        return new FeatureStandardizer(means, stds);
    }

    public double[] Apply(ReadOnlySpan<double> row)
    {
        if (row.Length != _means.Length)
        {
            throw new ArgumentException($"Expected {_means.Length} features, got {row.Length}.", nameof(row));
        }

        var z = new double[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            z[j] = (row[j] - _means[j]) / _stds[j];
        }

        return z;
    }
}
