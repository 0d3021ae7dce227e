using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class RecommendationPipelineTests
{
    private static readonly Dictionary<string, string> None = [];

    private static TrainingRequest Request(ShopData shop, string algorithm, Dictionary<string, string>? hyperparameters = null) =>
        new(shop, algorithm, hyperparameters ?? None) { HoldoutDays = 14, K = 5 };

    [Fact]
    public void Pipeline_DeclaresItsTaskAndAlgorithms()
    {
        var pipeline = new RecommendationPipeline();

        Assert.Equal("recommendation", pipeline.Task);
        Assert.Equal(["item-cosine", "popularity", "ease", "als", "two-stage"], pipeline.Algorithms);
    }

    [Fact]
    public void Train_OnShopWithCoPurchaseClusters_ItemCosineBeatsPopularityOnHeldOutRecall()
    {
        var shop = TestShops.TwoClusters(seed: 42);
        var pipeline = new RecommendationPipeline();

        var cosine = pipeline.Train(Request(shop, ItemCosineRecommender.Name));
        var popularity = pipeline.Train(Request(shop, PopularityRecommender.Name));

        Assert.True(cosine.Metrics["users_evaluated"] > 100);
        Assert.Equal(cosine.Metrics["users_evaluated"], popularity.Metrics["users_evaluated"]);
        Assert.True(
            cosine.Metrics["recall_at_5"] > popularity.Metrics["recall_at_5"] + 0.1,
            $"item-cosine recall@5 {cosine.Metrics["recall_at_5"]:F3} vs popularity {popularity.Metrics["recall_at_5"]:F3}");
        Assert.True(cosine.Metrics["ndcg_at_5"] > popularity.Metrics["ndcg_at_5"]);
    }

    [Theory]
    [InlineData("ease", "lambda", "10")]
    [InlineData("als", "regularization", "1")]
    public void Train_EaseAndAls_BeatPopularityOnHeldOutNdcg(string algorithm, string key, string value)
    {
        var shop = TestShops.TwoClusters(seed: 42);
        var pipeline = new RecommendationPipeline();

        var model = pipeline.Train(Request(shop, algorithm, new Dictionary<string, string> { [key] = value }));
        var popularity = pipeline.Train(Request(shop, PopularityRecommender.Name));

        Assert.Equal(algorithm, model.Model.Algorithm);
        Assert.True(
            model.Metrics["ndcg_at_5"] > popularity.Metrics["ndcg_at_5"] + 0.05,
            $"{algorithm} ndcg@5 {model.Metrics["ndcg_at_5"]:F3} vs popularity {popularity.Metrics["ndcg_at_5"]:F3}");
    }

    [Fact]
    public void Train_ReportsEveryMetricHyperparameterAndReferenceFeature()
    {
        var shop = TestShops.TwoClusters(seed: 1, customersPerCluster: 20);
        var stages = new List<TrainingProgress>();

        var outcome = new RecommendationPipeline().Train(
            Request(shop, ItemCosineRecommender.Name, new() { ["neighbors"] = "8" }) with { Progress = new SynchronousProgress(stages.Add) });

        string[] keys = ["precision_at_5", "recall_at_5", "ndcg_at_5", "map_at_5", "hit_rate_at_5", "coverage_at_5", "users_evaluated", "fit_seconds"];
        Assert.Equal(keys.Order(), outcome.Metrics.Keys.Order());
        Assert.All(outcome.Metrics.Values, v => Assert.True(double.IsFinite(v) && v >= 0));
        Assert.Equal(
            new Dictionary<string, string> { ["neighbors"] = "8", ["shrinkage"] = "0", ["min_co_buyers"] = "1", ["view_weight"] = "0", ["cart_weight"] = "0", ["half_life_days"] = "0" },
            outcome.Hyperparameters);
        Assert.Equal(
            [RecommendationReferenceFeatures.ItemsPerOrder, RecommendationReferenceFeatures.OrderValue, RecommendationReferenceFeatures.PurchasedProductPopularityRank],
            outcome.ReferenceFeatures.Keys.Order());
        Assert.All(outcome.ReferenceFeatures.Values, samples => Assert.NotEmpty(samples));
        var reference = outcome.Reference!;
        Assert.Equal(shop.Purchases.Count, reference.Inputs[RecommendationReferenceFeatures.PurchasedProduct].Count);
        Assert.False(reference.Inputs[RecommendationReferenceFeatures.ProductCategory].IsNumeric);
        Assert.Equal(RecommendationReferenceFeatures.RecommendedPopularityRank, reference.PredictionName);
        Assert.NotEqual(0, reference.Predictions!.Count);
        Assert.Equal(shop.Orders.Max(o => o.OrderedAt).Date.AddDays(-13), outcome.EvaluationCutoff);
        Assert.Contains(stages, s => s.Stage == "evaluate");
        Assert.Equal(new TrainingProgress("done", 100), stages[^1]);
    }

    [Fact]
    public void Train_ServesAModelRefitOnAllData()
    {
        var shop = TestShops.TwoClusters(seed: 2, customersPerCluster: 20);

        var model = (IRecommender)new RecommendationPipeline().Train(Request(shop, ItemCosineRecommender.Name)).Model;

        var lastBuyer = shop.Purchases[^1];
        Assert.Contains(lastBuyer.ProductId, model.PurchasedBy(lastBuyer.CustomerId));
    }

    [Fact]
    public void Train_WithUnknownHyperparameter_NamesItAndWhatIsAccepted()
    {
        var shop = TestShops.TwoClusters(seed: 3, customersPerCluster: 10);

        var error = Assert.Throws<InvalidTrainingRequestException>(
            () => new RecommendationPipeline().Train(Request(shop, ItemCosineRecommender.Name, new() { ["neighbours"] = "10" })));

        Assert.Contains("'item-cosine': neighbours", error.Message, StringComparison.Ordinal);
        Assert.Contains("Accepted: cart_weight, half_life_days, min_co_buyers, neighbors, shrinkage, view_weight", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("item-cosine", "neighbors", "0")]
    [InlineData("item-cosine", "shrinkage", "-1")]
    [InlineData("item-cosine", "min_co_buyers", "many")]
    [InlineData("popularity", "window_days", "-3")]
    public void Train_WithOutOfRangeHyperparameter_NamesTheKey(string algorithm, string key, string value)
    {
        var shop = TestShops.TwoClusters(seed: 4, customersPerCluster: 10);

        var error = Assert.Throws<InvalidTrainingRequestException>(
            () => new RecommendationPipeline().Train(Request(shop, algorithm, new() { [key] = value })));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithUnknownAlgorithm_ListsTheKnownOnes()
    {
        var shop = TestShops.TwoClusters(seed: 5, customersPerCluster: 10);

        var error = Assert.Throws<InvalidTrainingRequestException>(() => new RecommendationPipeline().Train(Request(shop, "bpr")));

        Assert.Contains("item-cosine, popularity, ease, als, two-stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenHoldoutLeavesNothingToTrainOn_SaysSo()
    {
        var shop = TestShops.Build([("c1", "A", 0), ("c2", "B", 1)], [("A", "x"), ("B", "x")]);

        var error = Assert.Throws<InvalidTrainingRequestException>(() => new RecommendationPipeline().Train(Request(shop, PopularityRecommender.Name)));

        Assert.Contains("too small", error.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        // The pipeline hands over one report at a time, so a plain list is safe here.
        public void Report(TrainingProgress value) => report(value);
    }
}
