namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test: D = sup |F_ref(x) − F_cur(x)| over both empirical CDFs,
/// and its asymptotic p-value with Stephens' small-sample correction (Numerical Recipes §14.3),
/// λ = (√nₑ + 0.12 + 0.11/√nₑ)·D with nₑ = n·m/(n+m). With ties (counts, ranks) the test is
/// conservative, which for a drift alarm errs on the quiet side.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <param name="reference">The reference values, sorted ascending (a profile's quantiles: the sample itself up to their cap).</param>
    /// <param name="referenceCount">How many rows the reference stands for (its true size, for the p-value).</param>
    /// <param name="current">The current values, sorted ascending.</param>
    public static (double Statistic, double PValue) Test(IReadOnlyList<double> reference, long referenceCount, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count == 0 || current.Count == 0)
        {
            throw new ArgumentException("The Kolmogorov–Smirnov test needs values on both sides.", nameof(current));
        }

        var d = Statistic(reference, current);
        var n = (double)Math.Max(referenceCount, reference.Count);
        var effective = n * current.Count / (n + current.Count);
        var root = Math.Sqrt(effective);
        return (d, SpecialFunctions.KolmogorovSurvival((root + 0.12 + (0.11 / root)) * d));
    }

    /// <summary>The largest gap between the two empirical CDFs, stepping through both sorted samples (ties together).</summary>
    public static double Statistic(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int i = 0, j = 0;
        double gap = 0;
        while (i < a.Count && j < b.Count)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Count && a[i] <= x)
            {
                i++;
            }

            while (j < b.Count && b[j] <= x)
            {
                j++;
            }

            gap = Math.Max(gap, Math.Abs(((double)i / a.Count) - ((double)j / b.Count)));
        }

        return gap;
    }
}
