namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// The Jensen–Shannon distance between two distributions over the same categories: the square root
/// of ½ KL(p‖m) + ½ KL(q‖m), m = ½(p + q), natural logarithm (scipy's <c>jensenshannon</c> default,
/// which Evidently uses): 0 for identical shares, √ln 2 ≈ 0.8326 for disjoint ones. Defined with
/// empty categories on either side, so a category never seen in training needs no smoothing.
/// </summary>
public static class JensenShannonDistance
{
    public static double Between(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count)
        {
            throw new ArgumentException($"Jensen–Shannon needs the same categories on both sides; got {p.Count} and {q.Count}.", nameof(q));
        }

        double pSum = p.Sum(), qSum = q.Sum();
        if (pSum <= 0 || qSum <= 0)
        {
            throw new ArgumentException("Jensen–Shannon needs some mass on both sides.", nameof(q));
        }

        double divergence = 0;
        for (var i = 0; i < p.Count; i++)
        {
            double pi = p[i] / pSum, qi = q[i] / qSum, mi = (pi + qi) / 2;
            divergence += (Term(pi, mi) + Term(qi, mi)) / 2;
        }

        return Math.Sqrt(Math.Max(divergence, 0));
    }

    private static double Term(double x, double m) => x > 0 ? x * Math.Log(x / m) : 0;
}
