using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Monitoring;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer.Tests;

public sealed class ReferenceProfilesTests
{
    [Fact]
    public void Inputs_ProfileNumericAndCategoricalFeatures_CappingCategories_AndSkipEmptyOnes()
    {
        var categories = Enumerable.Range(0, 30).SelectMany(i => Enumerable.Repeat($"p{i:00}", 30 - i)).ToArray();
        var outcome = Outcome(new MonitoredSample(
            new Dictionary<string, FeatureValues>
            {
                ["basket"] = FeatureValues.Numeric([1, 2, 3]),
                ["product"] = FeatureValues.Categorical(categories),
                ["empty"] = FeatureValues.Numeric([]),
            },
            "score",
            FeatureValues.Numeric([0.2, double.NaN, 0.4])));

        var inputs = ReferenceProfiles.Inputs(outcome);
        var predictions = ReferenceProfiles.Predictions(outcome)!;

        Assert.Equal(["basket", "product"], inputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, inputs["basket"].Count);
        Assert.Equal(MonitoredSample.MaxCategories, inputs["product"].Categories.Count);
        Assert.Equal(FeatureProfiles.OtherCategory, inputs["product"].Categories[^1]);
        Assert.Equal(2, predictions.Count); // the undefined value left out, not failing the run
    }

    [Fact]
    public void Inputs_WithoutAMonitoredSample_ProfileTheNumericReferenceFeatures()
    {
        var outcome = Outcome(null) with { ReferenceFeatures = new Dictionary<string, double[]> { ["x"] = [1, 2], ["none"] = [] } };

        Assert.Equal(["x"], ReferenceProfiles.Inputs(outcome).Keys);
        Assert.Null(ReferenceProfiles.Predictions(outcome));
    }

    private static TrainingOutcome Outcome(MonitoredSample? reference) =>
        new(null!, new Dictionary<string, double>(), new Dictionary<string, string>(), new Dictionary<string, double[]>(), DateTime.UnixEpoch) { Reference = reference };
}
