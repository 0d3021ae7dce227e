using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Forecasting;

public class ForecastPipelineTests
{
    // Monday first; the shop is closed on Saturdays.
    private static readonly double[] Pattern = [100, 120, 130, 110, 150, 0, 60];

    private static double[] Revenue(int days, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, days).Select(i => Pattern[i % 7] == 0 ? 0 : Math.Round(Pattern[i % 7] + 10 * ForecastTestData.Gaussian(random), 2))];
    }

    private static TrainingRequest Request(double[] revenue, Dictionary<string, string>? hyperparameters = null) =>
        new(ForecastTestData.ShopFromDailyRevenue(revenue), "seasonal-naive", hyperparameters ?? []);

    [Fact]
    public void Train_EvaluatesOnTheHeldOutDaysWithTheManifestMetrics()
    {
        var outcome = new ForecastPipeline().Train(Request(Revenue(120, seed: 4)));

        Assert.Equal(
            ["coverage_80", "coverage_95", "interval_width_80", "mae", "mase", "rmse", "smape"],
            outcome.Metrics.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(outcome.Metrics["coverage_80"], 0, 1);
        Assert.True(outcome.Metrics["coverage_95"] >= outcome.Metrics["coverage_80"]);
        Assert.True(outcome.Metrics["interval_width_80"] > 0);
        Assert.Equal(ForecastTestData.Start.AddDays(120 - 28).ToDateTime(TimeOnly.MinValue), outcome.EvaluationCutoff);
    }

    [Fact]
    public void Train_ForecastsTheHoldoutFromTrainingDaysOnly()
    {
        var revenue = Revenue(120, seed: 9);

        var outcome = new ForecastPipeline().Train(Request(revenue));

        // The evaluation fit saw days 0..91 only: its forecast is week 85..91 repeated.
        var expectedMae = Enumerable.Range(92, 28).Average(t => Math.Abs(revenue[t] - revenue[85 + ((t - 92) % 7)]));
        Assert.Equal(expectedMae, outcome.Metrics["mae"], 9);
    }

    [Fact]
    public void Train_RefitsOnAllDaysSoForecastsStartAfterTheData()
    {
        var revenue = Revenue(120, seed: 2);

        var model = (IForecaster)new ForecastPipeline().Train(Request(revenue)).Model;

        Assert.Equal(ForecastTestData.Start.AddDays(119), model.LastObservedDate);
        Assert.Contains(ForecastScope.Category("drinks"), model.Scopes);
        Assert.Contains(ForecastScope.Product("p1"), model.Scopes);
        var forecast = model.Forecast(ForecastScope.Shop, 7, 0.8)!;
        Assert.Equal(revenue[113..120], forecast.Select(p => p.Predicted));
    }

    [Fact]
    public void Train_RecordsHyperparametersWithDefaultsFilledIn()
    {
        var outcome = new ForecastPipeline().Train(Request(Revenue(120, seed: 1), new() { ["season"] = "7" }));

        Assert.Equal("7", outcome.Hyperparameters["season"]);
        Assert.Equal("365", outcome.Hyperparameters["interval_window_days"]);
    }

    [Fact]
    public void Train_GivesTheDriftReferenceOfTrainingDays()
    {
        var outcome = new ForecastPipeline().Train(Request(Revenue(120, seed: 1)));

        Assert.Equal(92, outcome.ReferenceFeatures["daily_revenue"].Length);
        var weekdays = outcome.Reference!.Inputs[ForecastReferenceFeatures.OrderWeekday].Categories!;
        Assert.DoesNotContain("saturday", weekdays);
        Assert.Equal(outcome.ReferenceFeatures[ForecastReferenceFeatures.OrderValue].Length, weekdays.Length);
        Assert.Equal(28, outcome.Reference.Predictions!.Count); // the held-out days' forecasts
    }

    [Fact]
    public void Train_WhenHyperparameterIsUnknown_Refuses()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(
            () => new ForecastPipeline().Train(Request(Revenue(120, 1), new() { ["seasons"] = "7" })));

        Assert.Contains("seasons", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenSeasonIsNotANumber_SaysWhichKey()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(
            () => new ForecastPipeline().Train(Request(Revenue(120, 1), new() { ["season"] = "weekly" })));

        Assert.Contains("'season'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenAlgorithmIsUnknown_Refuses()
    {
        var request = Request(Revenue(120, 1)) with { Algorithm = "prophet" };

        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ForecastPipeline().Train(request));
        Assert.Contains("seasonal-naive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenHistoryIsTooShortForTheHoldout_SaysHowManyDaysAreNeeded()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ForecastPipeline().Train(Request(Revenue(30, 1))));

        Assert.Contains("needs at least 42", error.Message, StringComparison.Ordinal);
    }
}
