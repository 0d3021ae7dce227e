namespace EcommerceMl.Ml.Churn;

/// <summary>The fixed order in which <see cref="ChurnFeatures"/> become a numeric vector, with the manifest's names.</summary>
public static class ChurnFeatureVector
{
    public const int Length = 5;

    public static IReadOnlyList<string> Names { get; } = ["recency_days", "frequency", "avg_monetary", "tenure_days", "loyalty_member"];

    public static double[] From(ChurnFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return [features.RecencyDays, features.Frequency, features.AvgMonetary, features.TenureDays, features.LoyaltyMember ? 1 : 0];
    }

    /// <summary>
    /// What the linear model sees: the counts and amounts on a log scale, sign kept
    /// (sign(x)·ln(1 + |x|)). Recency, frequency and order value are heavy-tailed (a wholesaler's
    /// orders are a hundred times a household's), and churn risk moves with their ratios — 10 → 20
    /// days of silence matters more than 300 → 310 — which a linear score on raw values cannot say.
    /// </summary>
    public static double[] ModelInput(ChurnFeatures features)
    {
        var x = From(features);
        for (var j = 0; j < Length - 1; j++)
        {
            x[j] = Math.Sign(x[j]) * Math.Log(1 + Math.Abs(x[j]));
        }

        return x;
    }
}
