using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Forecasting.Demand;
using EcommerceMl.Ml.Tests.Forecasting.Demand;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Training;

/// <summary>
/// ITaskPipeline.Evaluate scores an already-trained model with exactly the protocol of Train: the model
/// of the training split, saved and loaded back, gets the run's own held-out metrics.
/// </summary>
public sealed class PipelineEvaluateTests
{
    private static readonly ShopData Shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 400, Products = 60, Categories = 6, Days = 240, Seed = 11 });

    /// <summary>Metrics about the fit itself, not about the held-out data.</summary>
    private static readonly string[] AboutTheFit = ["fit_seconds", "customers_trained", "customers_calibrated", "features"];

    public static TheoryData<string, string> Algorithms() => new()
    {
        { ModelTask.Recommendation, "item-cosine" },
        { ModelTask.Recommendation, "ease" },
        { ModelTask.Forecast, "seasonal-naive" },
        { ModelTask.Forecast, "ets" },
        { ModelTask.Churn, "logistic" },
        { ModelTask.Churn, "lightgbm" },
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Evaluate_OfTheTrainingSplitsModelLoadedBack_EqualsTheRunsMetrics(string task, string algorithm)
    {
        var pipeline = Pipeline(task);
        var request = new TrainingRequest(Shop, algorithm, new Dictionary<string, string>());
        var outcome = pipeline.Train(request);

        var metrics = pipeline.Evaluate(RoundTrip(pipeline, outcome.EvaluatedModel!), request);

        AssertSameHeldOutMetrics(outcome.Metrics, metrics);
    }

    [Fact]
    public void Evaluate_OfALightGbmDemandModelLoadedBack_EqualsTheRunsUnitMetrics()
    {
        var pipeline = new Ml.Forecasting.ForecastPipeline();
        var request = new TrainingRequest(DemandTestShop.Create(products: 6, days: 260), LightGbmDemandForecaster.AlgorithmName, new Dictionary<string, string>
        {
            ["trees"] = "30", ["leaves"] = "7", ["min_rows_per_leaf"] = "40", ["origin_stride"] = "5", ["horizon_sample"] = "3",
        });
        var outcome = pipeline.Train(request);

        var metrics = pipeline.Evaluate(RoundTrip(pipeline, outcome.EvaluatedModel!), request);

        AssertSameHeldOutMetrics(outcome.Metrics, metrics);
    }

    [Fact]
    public void Evaluate_ScoresAModelOfAnotherAlgorithmOfTheTask_OnTheRequestsSplit()
    {
        var pipeline = Pipeline(ModelTask.Recommendation);
        var popularity = pipeline.Train(new TrainingRequest(Shop, "popularity", new Dictionary<string, string>()));
        var request = new TrainingRequest(Shop, "item-cosine", new Dictionary<string, string>());

        var metrics = pipeline.Evaluate(popularity.EvaluatedModel!, request);

        Assert.Equal(popularity.Metrics["ndcg_at_10"], metrics["ndcg_at_10"], 12);
    }

    [Fact]
    public void Evaluate_FromALaterDay_ScoresOnlyTheHeldOutDaysFromThen()
    {
        var pipeline = Pipeline(ModelTask.Forecast);
        var request = new TrainingRequest(Shop, "seasonal-naive", new Dictionary<string, string>()) { HoldoutDays = 28 };
        var outcome = pipeline.Train(request);
        var from = outcome.EvaluationCutoff.AddDays(21);

        var all = pipeline.Evaluate(outcome.EvaluatedModel!, request);
        var lastWeek = pipeline.Evaluate(outcome.EvaluatedModel!, request, from);

        Assert.NotEqual(all["mae"], lastWeek["mae"]);
        // A model fit through the cutoff + 20 days forecasts those 7 days too, and can be scored there only.
        var later = pipeline.Train(request with { Data = Before(Shop, from) }).Model;
        Assert.Contains("mase", pipeline.Evaluate(later, request, from).Keys);
        Assert.Throws<ModelNotScorableException>(() => pipeline.Evaluate(later, request));
    }

    [Fact]
    public void Evaluate_FromALaterDay_RecommendationSplitsThere()
    {
        var pipeline = Pipeline(ModelTask.Recommendation);
        var request = new TrainingRequest(Shop, "popularity", new Dictionary<string, string>());
        var outcome = pipeline.Train(request);

        var metrics = pipeline.Evaluate(outcome.EvaluatedModel!, request, outcome.EvaluationCutoff.AddDays(14));

        Assert.True(metrics["users_evaluated"] < outcome.Metrics["users_evaluated"], "fewer customers buy in half the window");
        Assert.Throws<ModelNotScorableException>(() => pipeline.Evaluate(outcome.EvaluatedModel!, request, outcome.EvaluationCutoff.AddDays(400)));
    }

    [Fact]
    public void Evaluate_ChurnFromADay_ScoresOnlyTheHeldOutCustomersFirstSeenFromThen()
    {
        var churn = Pipeline(ModelTask.Churn);
        var request = new TrainingRequest(Shop, "logistic", new Dictionary<string, string>());
        var outcome = churn.Train(request);
        var firstOrders = Shop.Orders.GroupBy(o => o.CustomerId).Select(g => g.Min(o => o.OrderedAt)).Order().ToList();
        var since = firstOrders[firstOrders.Count / 2].Date;

        var newer = churn.Evaluate(outcome.EvaluatedModel!, request, since);

        Assert.InRange(newer["customers_evaluated"], ChurnPipeline.MinPerClass * 2, outcome.Metrics["customers_evaluated"] - 1);
        Assert.Equal(outcome.Metrics["customers_evaluated"], churn.Evaluate(outcome.EvaluatedModel!, request, DateTime.MinValue)["customers_evaluated"]);
    }

    [Fact]
    public void Evaluate_WhenTheModelIsOfAnotherTaskOrTheWindowCannotBeCut_IsNotScorable()
    {
        var churn = Pipeline(ModelTask.Churn);
        var request = new TrainingRequest(Shop, "logistic", new Dictionary<string, string>());
        var outcome = churn.Train(request);
        var recommender = Pipeline(ModelTask.Recommendation).Train(new TrainingRequest(Shop, "popularity", new Dictionary<string, string>())).Model;

        Assert.Contains("cannot be scored as a churn model", Assert.Throws<ModelNotScorableException>(() => churn.Evaluate(recommender, request)).Message, StringComparison.Ordinal);
        Assert.Contains("0 of the", Assert.Throws<ModelNotScorableException>(() => churn.Evaluate(outcome.Model, request, outcome.EvaluationCutoff.AddDays(3))).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be scored as a forecaster", Assert.Throws<ModelNotScorableException>(() => Pipeline(ModelTask.Forecast).Evaluate(recommender, request with { Algorithm = "ets" })).Message, StringComparison.Ordinal);
    }

    private static void AssertSameHeldOutMetrics(IReadOnlyDictionary<string, double> trained, IReadOnlyDictionary<string, double> evaluated)
    {
        Assert.Equal(trained.Keys.Except(AboutTheFit).Order(StringComparer.Ordinal), evaluated.Keys.Order(StringComparer.Ordinal));
        Assert.All(evaluated, m => Assert.Equal(trained[m.Key], m.Value, 6));
    }

    private static ITaskPipeline Pipeline(string task) => TaskPipelines.All.Single(p => p.Task == task);

    private static ITrainedModel RoundTrip(ITaskPipeline pipeline, ITrainedModel model)
    {
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        return pipeline.Load(model.Algorithm, buffer);
    }

    private static ShopData Before(ShopData data, DateTime end)
    {
        var orders = data.Orders.Where(o => o.OrderedAt < end).ToList();
        var kept = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return new ShopData(data.Name, data.Customers, data.Products, orders, [.. data.OrderItems.Where(i => kept.Contains(i.OrderId))], [.. data.Events.Where(e => e.OccurredAt < end)]);
    }
}
