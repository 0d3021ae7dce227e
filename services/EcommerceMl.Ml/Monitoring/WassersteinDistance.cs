namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// The first Wasserstein (earth mover's) distance between two samples, ∫ |F_a(x) − F_b(x)| dx over
/// their empirical CDFs (scipy's <c>wasserstein_distance</c>), and Evidently's normalised form: the
/// distance over the reference's standard deviation (at least 0.001), so 0.1 means "the mass moved
/// a tenth of a standard deviation on average" whatever the feature's units.
/// </summary>
public static class WassersteinDistance
{
    public const double MinimumScale = 0.001;

    /// <param name="a">Sorted ascending.</param>
    /// <param name="b">Sorted ascending.</param>
    public static double Between(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            throw new ArgumentException("The Wasserstein distance needs values on both sides.", nameof(b));
        }

        // Walk the merged values; between consecutive ones both CDFs are flat.
        int i = 0, j = 0;
        double distance = 0;
        var previous = Math.Min(a[0], b[0]);
        while (i < a.Count || j < b.Count)
        {
            var x = j >= b.Count || (i < a.Count && a[i] <= b[j]) ? a[i] : b[j];
            distance += Math.Abs(((double)i / a.Count) - ((double)j / b.Count)) * (x - previous);
            while (i < a.Count && a[i] <= x)
            {
                i++;
            }

            while (j < b.Count && b[j] <= x)
            {
                j++;
            }

            previous = x;
        }

        return distance;
    }

    /// <summary><see cref="Between"/> divided by max(<paramref name="referenceStdDev"/>, <see cref="MinimumScale"/>).</summary>
    public static double Normalised(IReadOnlyList<double> reference, double referenceStdDev, IReadOnlyList<double> current) =>
        Between(reference, current) / Math.Max(referenceStdDev, MinimumScale);
}
