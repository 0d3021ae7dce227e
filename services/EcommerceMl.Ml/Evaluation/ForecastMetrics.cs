namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Point and interval accuracy of a forecast against what happened (pure). Every function takes
/// equally long spans, actuals first. Scale-free metrics are fractions, not percentages.
/// </summary>
public static class ForecastMetrics
{
    /// <summary>Mean absolute error.</summary>
    public static double Mae(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        CheckPaired(actual, predicted, nameof(predicted));
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(actual[i] - predicted[i]);
        }

        return sum / actual.Length;
    }

    /// <summary>Root mean squared error.</summary>
    public static double Rmse(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        CheckPaired(actual, predicted, nameof(predicted));
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = actual[i] - predicted[i];
            sum += error * error;
        }

        return Math.Sqrt(sum / actual.Length);
    }

    /// <summary>
    /// Symmetric MAPE as Prophet's diagnostics compute it: mean of 2|y − ŷ| / (|y| + |ŷ|), in [0, 2].
    /// A day where both are zero (a closed day forecast as closed) is a perfect 0, not 0/0.
    /// </summary>
    public static double Smape(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        CheckPaired(actual, predicted, nameof(predicted));
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var denominator = Math.Abs(actual[i]) + Math.Abs(predicted[i]);
            sum += denominator == 0 ? 0 : 2 * Math.Abs(actual[i] - predicted[i]) / denominator;
        }

        return sum / actual.Length;
    }

    /// <summary>
    /// Mean absolute scaled error (Hyndman and Koehler, 2006): the out-of-sample MAE divided by the
    /// in-sample MAE of the seasonal-naive forecast with <paramref name="period"/>. Below 1 beats
    /// seasonal naive's one-season-ahead error. NaN when the scale is zero (a series that repeats
    /// exactly): the metric is undefined there, and callers leave it out.
    /// </summary>
    public static double Mase(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, ReadOnlySpan<double> inSample, int period)
    {
        CheckPaired(actual, predicted, nameof(predicted));
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        if (inSample.Length <= period)
        {
            throw new ArgumentException($"MASE needs more than {period} in-sample values to scale by; got {inSample.Length}.", nameof(inSample));
        }

        var scale = 0.0;
        for (var t = period; t < inSample.Length; t++)
        {
            scale += Math.Abs(inSample[t] - inSample[t - period]);
        }

        scale /= inSample.Length - period;
        return scale == 0 ? double.NaN : Mae(actual, predicted) / scale;
    }

    /// <summary>Share of actuals inside [lower, upper], bounds included.</summary>
    public static double Coverage(ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        CheckPaired(actual, lower, nameof(lower));
        CheckPaired(actual, upper, nameof(upper));
        var inside = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] >= lower[i] && actual[i] <= upper[i])
            {
                inside++;
            }
        }

        return (double)inside / actual.Length;
    }

    /// <summary>Mean of upper − lower: how much a covered claim costs.</summary>
    public static double MeanIntervalWidth(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        CheckPaired(lower, upper, nameof(upper));
        var sum = 0.0;
        for (var i = 0; i < lower.Length; i++)
        {
            sum += upper[i] - lower[i];
        }

        return sum / lower.Length;
    }

    private static void CheckPaired(ReadOnlySpan<double> first, ReadOnlySpan<double> second, string name)
    {
        if (first.Length == 0)
        {
            throw new ArgumentException("A forecast metric needs at least one value.", name);
        }

        if (first.Length != second.Length)
        {
            throw new ArgumentException($"Lengths differ: {first.Length} actual values but {second.Length} in '{name}'.", name);
        }
    }
}
