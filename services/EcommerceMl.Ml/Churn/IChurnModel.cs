namespace EcommerceMl.Ml.Churn;

/// <summary>A trained churn model: calibrated probability, risk band and suggested action.</summary>
public interface IChurnModel : ITrainedModel
{
    ChurnPrediction Predict(ChurnFeatures features);

    /// <summary>A known customer's features as of the end of the training data, or null.</summary>
    ChurnFeatures? FeaturesOf(string customerId);

    /// <summary>Some known customer ids, for examples and the dashboard.</summary>
    IReadOnlyList<string> SampleCustomers(int count);

    /// <summary>The attribute columns the model reads (besides the five behavioural features); empty when it reads none.</summary>
    IReadOnlyList<string> AttributeColumns => [];
}

/// <summary>
/// The seed API's churn inputs: days since the last order, orders in the last 180 days, average
/// order value, days since signup, loyalty membership.
/// </summary>
/// <remarks>
/// <see cref="Attributes"/> carries the columns the dataset brings (telco's Contract, MonthlyCharges, ...)
/// by column name. A model reads the columns it was fitted on; a column it was not fitted on is refused,
/// so a misspelt column never passes silently as a missing one.
/// </remarks>
public sealed record ChurnFeatures(double RecencyDays, double Frequency, double AvgMonetary, double TenureDays, bool LoyaltyMember)
{
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = Data.Customer.EmptyAttributes;
}

public enum ChurnRisk
{
    Low,
    Medium,
    High,
}

public sealed record ChurnPrediction(double Probability, ChurnRisk Risk, string NextAction);
