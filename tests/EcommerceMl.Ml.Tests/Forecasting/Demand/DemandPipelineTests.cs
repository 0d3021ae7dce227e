using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Demand;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Forecasting.Demand;

public sealed class DemandPipelineTests
{
    private static readonly Dictionary<string, string> Small = new(StringComparer.Ordinal)
    {
        ["trees"] = "60", ["leaves"] = "15", ["min_rows_per_leaf"] = "40", ["origin_stride"] = "3", ["horizon_sample"] = "3", ["calendar"] = "uk; closed:sun",
    };

    [Fact]
    public void Train_WritesHeldOutUnitMetricsAndAServableDemandModel()
    {
        var request = new TrainingRequest(DemandTestShop.Create(products: 10, days: 260), LightGbmDemandForecaster.AlgorithmName, Small);

        var outcome = new ForecastPipeline().Train(request);

        var model = Assert.IsType<LightGbmDemandForecaster>(outcome.Model);
        Assert.Equal("units", model.Measure);
        Assert.Contains("mase", outcome.Metrics.Keys);
        Assert.InRange(outcome.Metrics["coverage_80"], 0, 1);
        Assert.Equal("uk; closed:sun", outcome.Hyperparameters["calendar"]);
        Assert.Equal("30", outcome.Hyperparameters["max_horizon"]);
        Assert.NotNull(model.Demand("p001", [7, 30], 0.8));
    }

    [Theory]
    [InlineData("calendar", "holiday:99-99", "Hyperparameter 'calendar'")]
    [InlineData("trees", "0", "'trees'")]
    [InlineData("season", "7", "Unknown hyperparameter(s) for algorithm 'lightgbm-demand': season")]
    public void Train_WithABadHyperparameter_SaysWhichOne(string key, string value, string message)
    {
        var request = new TrainingRequest(DemandTestShop.Create(products: 3, days: 260), LightGbmDemandForecaster.AlgorithmName, new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ForecastPipeline().Train(request));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OnAShortShop_RefusesWithTheDaysNeeded()
    {
        var request = new TrainingRequest(DemandTestShop.Create(products: 3, days: 120), LightGbmDemandForecaster.AlgorithmName, Small);

        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ForecastPipeline().Train(request));

        Assert.Contains("needs at least", error.Message, StringComparison.Ordinal);
    }
}
