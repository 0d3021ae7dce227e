namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Pearson's chi-square test of homogeneity on the 2×k table of reference and current counts per
/// category (scipy's <c>chi2_contingency</c> without Yates' correction). Unlike a goodness-of-fit test
/// against the reference shares it stays defined when a category is empty on one side, which is
/// exactly the case of a product never seen in training. Categories empty on both sides are dropped.
/// </summary>
public static class ChiSquareTest
{
    public static (double Statistic, int DegreesOfFreedom, double PValue) Homogeneity(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ArgumentException($"The chi-square test needs the same categories on both sides; got {reference.Count} and {current.Count}.", nameof(current));
        }

        double referenceTotal = reference.Sum(), currentTotal = current.Sum();
        if (referenceTotal <= 0 || currentTotal <= 0)
        {
            throw new ArgumentException("The chi-square test needs counts on both sides.", nameof(current));
        }

        var total = referenceTotal + currentTotal;
        double statistic = 0;
        var categories = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            var column = reference[i] + current[i];
            if (column <= 0)
            {
                continue;
            }

            categories++;
            var expectedReference = column * referenceTotal / total;
            var expectedCurrent = column * currentTotal / total;
            statistic += (Square(reference[i] - expectedReference) / expectedReference) + (Square(current[i] - expectedCurrent) / expectedCurrent);
        }

        var degrees = categories - 1;
        return degrees < 1 ? (0, 0, 1) : (statistic, degrees, SpecialFunctions.ChiSquareSurvival(statistic, degrees));
    }

    private static double Square(double x) => x * x;
}
