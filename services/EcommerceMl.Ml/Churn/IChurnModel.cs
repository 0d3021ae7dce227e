namespace EcommerceMl.Ml.Churn;

/// <summary>A trained churn model: calibrated probability, risk band and suggested action.</summary>
public interface IChurnModel : ITrainedModel
{
    ChurnPrediction Predict(ChurnFeatures features);

    /// <summary>A known customer's features as of the end of the training data, or null.</summary>
    ChurnFeatures? FeaturesOf(string customerId);

    /// <summary>Some known customer ids, for examples and the dashboard.</summary>
    IReadOnlyList<string> SampleCustomers(int count);
}

/// <summary>
/// The seed API's churn inputs: days since the last order, orders in the last 180 days, average
/// order value, days since signup, loyalty membership.
/// </summary>
public sealed record ChurnFeatures(double RecencyDays, double Frequency, double AvgMonetary, double TenureDays, bool LoyaltyMember);

public enum ChurnRisk
{
    Low,
    Medium,
    High,
}

public sealed record ChurnPrediction(double Probability, ChurnRisk Risk, string NextAction);
