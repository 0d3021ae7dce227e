namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Isotonic calibration: the non-decreasing step function of the model's probability that best fits
/// held-out labels in squared error (pool-adjacent-violators), read with linear interpolation between
/// the pooled blocks' ends, as scikit-learn's IsotonicRegression does, so distinct scores stay mostly
/// distinct. Outside the fitted range it is flat. Outputs are kept inside [<see cref="Floor"/>,
/// 1 − <see cref="Floor"/>]: a served probability of exactly 0 or 1 claims a certainty a few hundred
/// held-out customers cannot give.
/// </summary>
public sealed class IsotonicCalibration
{
    public const double Floor = 1e-3;

    private readonly double[] _x;
    private readonly double[] _y;

    public IsotonicCalibration(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length == 0 || x.Length != y.Length)
        {
            throw new ArgumentException($"Isotonic calibration needs as many knots as values, at least one; got {x.Length} and {y.Length}.", nameof(y));
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !(y[i] >= 0 && y[i] <= 1) || (i > 0 && (x[i] < x[i - 1] || y[i] < y[i - 1])))
            {
                throw new ArgumentException($"Isotonic knots must be finite, in order, with values non-decreasing in [0, 1]; knot {i} is ({x[i]}, {y[i]}).", nameof(x));
            }
        }

        _x = x;
        _y = y;
    }

    public ReadOnlySpan<double> X => _x;

    public ReadOnlySpan<double> Y => _y;

    public static IsotonicCalibration Fit(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count == 0 || probabilities.Count != labels.Count)
        {
            throw new ArgumentException($"Isotonic calibration needs scores and as many labels; got {probabilities.Count} and {labels.Count}.", nameof(labels));
        }

        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ToArray();

        // Blocks of pooled rows: sum of labels, count, lowest and highest score. Equal scores start pooled.
        var sums = new List<double>();
        var counts = new List<double>();
        var lows = new List<double>();
        var highs = new List<double>();
        foreach (var i in order)
        {
            var score = probabilities[i];
            var label = labels[i] ? 1.0 : 0.0;
            if (highs.Count > 0 && highs[^1] == score)
            {
                sums[^1] += label;
                counts[^1]++;
            }
            else
            {
                sums.Add(label);
                counts.Add(1);
                lows.Add(score);
                highs.Add(score);
            }

            // Pool while the last block's mean is below the one before it.
            while (sums.Count > 1 && sums[^1] / counts[^1] <= sums[^2] / counts[^2])
            {
                sums[^2] += sums[^1];
                counts[^2] += counts[^1];
                highs[^2] = highs[^1];
                sums.RemoveAt(sums.Count - 1);
                counts.RemoveAt(counts.Count - 1);
                lows.RemoveAt(lows.Count - 1);
                highs.RemoveAt(highs.Count - 1);
            }
        }

        var x = new List<double>();
        var y = new List<double>();
        for (var b = 0; b < sums.Count; b++)
        {
            var value = Math.Clamp(sums[b] / counts[b], Floor, 1 - Floor);
            x.Add(lows[b]);
            y.Add(value);
            if (highs[b] > lows[b])
            {
                x.Add(highs[b]);
                y.Add(value);
            }
        }

        return new IsotonicCalibration([.. x], [.. y]);
    }

    public double Apply(double probability)
    {
        if (probability <= _x[0])
        {
            return _y[0];
        }

        if (probability >= _x[^1])
        {
            return _y[^1];
        }

        var upper = Array.BinarySearch(_x, probability);
        if (upper >= 0)
        {
            return _y[upper];
        }

        upper = ~upper;
        var lower = upper - 1;
        var t = (probability - _x[lower]) / (_x[upper] - _x[lower]);
        return _y[lower] + (t * (_y[upper] - _y[lower]));
    }
}
