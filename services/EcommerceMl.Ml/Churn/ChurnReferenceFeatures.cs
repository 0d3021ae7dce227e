using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// What a churn model's monitor compares, measured the same way at training (every labelled
/// customer, described as of the label cutoff) and on a live window (every customer with an order
/// before the window's end, described as of then): the five behavioural columns of
/// <see cref="ChurnFeatureVector"/>, and as output the calibrated churn probability.
/// </summary>
public static class ChurnReferenceFeatures
{
    public const string ChurnProbability = "churn_probability";

    public static MonitoredSample Observe(IReadOnlyList<ChurnFeatures> customers, IChurnModel model)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(model);
        var rows = customers.Select(ChurnFeatureVector.From).ToList();
        var inputs = ChurnFeatureVector.Names
            .Select((name, j) => (name, values: FeatureValues.Numeric([.. rows.Select(r => r[j])])))
            .ToDictionary(f => f.name, f => f.values, StringComparer.Ordinal);
        return new MonitoredSample(inputs, ChurnProbability, FeatureValues.Numeric([.. customers.Select(c => model.Predict(c).Probability)]));
    }
}
