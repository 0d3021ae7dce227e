using System.Text.Json.Serialization;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>A churn model with a known answer: probability rises with recency, bands at 0.3 and 0.6.</summary>
internal sealed class FakeChurnModel : IChurnModel
{
    public string Algorithm { get; init; } = "logistic";

    public required IReadOnlyDictionary<string, ChurnFeatures> Customers { get; init; }

    [JsonIgnore]
    public string Task => ModelTask.Churn;

    public static double ProbabilityOf(ChurnFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Math.Clamp(features.RecencyDays / 200.0, 0, 1);
    }

    public ChurnPrediction Predict(ChurnFeatures features)
    {
        var p = ProbabilityOf(features);
        var risk = p < 0.3 ? ChurnRisk.Low : p < 0.6 ? ChurnRisk.Medium : ChurnRisk.High;
        return new ChurnPrediction(p, risk, risk == ChurnRisk.High ? "Send a win-back offer" : "No action");
    }

    public ChurnFeatures? FeaturesOf(string customerId) => Customers.GetValueOrDefault(customerId);

    public IReadOnlyList<string> SampleCustomers(int count) => [.. Customers.Keys.Order(StringComparer.Ordinal).Take(count)];

    public void Save(Stream stream) => FakeJson.Save(stream, this);
}
