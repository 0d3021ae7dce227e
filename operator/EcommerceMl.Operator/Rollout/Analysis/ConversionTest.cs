namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>The outcome of comparing the canary's conversion rate with the stable version's.</summary>
/// <param name="Conclusive">Both versions reached the minimum sample.</param>
/// <param name="Worse">Conclusive, and the canary converts worse at the stated confidence.</param>
/// <param name="Z">The test statistic (negative: the canary converts less); null when not run.</param>
/// <param name="PValue">One-sided p-value of "the canary converts worse"; null when not run.</param>
public sealed record ConversionVerdict(bool Conclusive, bool Worse, double CanaryRate, double StableRate, double? Z, double? PValue, string Message);

/// <summary>
/// The conversion check: a one-sided two-proportion z-test (pooled standard error) of "the canary's conversion rate
/// is lower than the stable version's", run once each version has <c>minSample</c> recommendation answers. Each
/// attributed conversion counts as one success of an answer, capped at the answers (several cart adds can come from
/// one answer). Also the sample a test needs to see a given drop (<see cref="RequiredSample"/>), for choosing
/// <c>minSample</c>. Pure.
/// </summary>
public static class ConversionTest
{
    public static ConversionVerdict Evaluate(long canaryAnswers, long canaryConversions, long stableAnswers, long stableConversions, double confidence, long minSample)
    {
        var canaryRate = Rate(canaryConversions, canaryAnswers);
        var stableRate = Rate(stableConversions, stableAnswers);
        if (canaryAnswers < minSample || stableAnswers < minSample)
        {
            return new ConversionVerdict(false, false, canaryRate, stableRate, null, null,
                $"{canaryAnswers} canary and {stableAnswers} stable answers; the test needs {minSample} of each.");
        }

        var pooled = (Math.Min(canaryConversions, canaryAnswers) + Math.Min(stableConversions, stableAnswers)) / (double)(canaryAnswers + stableAnswers);
        var error = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / canaryAnswers) + (1.0 / stableAnswers)));
        // No conversion at all on either side (or every answer converting): nothing tells the versions apart.
        var z = error > 0 ? (canaryRate - stableRate) / error : 0;
        var p = Normal.Cdf(z);
        var worse = p < 1 - confidence;
        var text = FormattableString.Invariant(
            $"canary {canaryRate * 100:0.00}% of {canaryAnswers} answers, stable {stableRate * 100:0.00}% of {stableAnswers}: z = {z:F2}, p = {p:F4} {(worse ? "<" : "≥")} {1 - confidence:F4}");
        return new ConversionVerdict(true, worse, canaryRate, stableRate, z, p, worse ? $"the canary converts worse ({text})." : $"not worse ({text}).");
    }

    /// <summary>
    /// Answers each version needs for the test to find a canary converting <paramref name="relativeDrop"/> less than
    /// <paramref name="baselineRate"/> (0.2: a fifth less) with probability <paramref name="power"/>, at <paramref name="confidence"/>.
    /// </summary>
    public static long RequiredSample(double baselineRate, double relativeDrop, double confidence, double power)
    {
        var p1 = baselineRate;
        var p2 = baselineRate * (1 - relativeDrop);
        var mean = (p1 + p2) / 2;
        var za = Normal.Quantile(confidence);
        var zb = Normal.Quantile(power);
        var root = (za * Math.Sqrt(2 * mean * (1 - mean))) + (zb * Math.Sqrt((p1 * (1 - p1)) + (p2 * (1 - p2))));
        return (long)Math.Ceiling(root * root / ((p1 - p2) * (p1 - p2)));
    }

    private static double Rate(long conversions, long answers) => answers > 0 ? Math.Min(conversions, answers) / (double)answers : 0;
}

/// <summary>The standard normal distribution: its CDF (erfc to about 1e-7) and quantile (Acklam, to about 1e-9).</summary>
public static class Normal
{
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    public static double Quantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((((c[0] * q) + c[1]) * q) + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((((d[0] * q) + d[1]) * q) + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            return -Quantile(1 - p);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((((a[0] * s) + a[1]) * s) + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((((b[0] * s) + b[1]) * s) + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var r = t * Math.Exp((-z * z) - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806 + (t * (0.27886807
            + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277))))))))))))))))));
        return x >= 0 ? r : 2 - r;
    }
}
