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
}
