using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class RecommendationBenchmarkTests
{
    private static readonly EcommerceMl.Ml.Data.ShopData Shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 300, Products = 60, Days = 120, Seed = 3 });

    [Fact]
    public void Run_ReportsEveryMetricWithMeanAndSdPerAlgorithm()
    {
        var report = RecommendationBenchmark.Run(new RecommendationBenchmarkRequest(
            Shop, RecommendationProtocols.Random7525, [42, 43], 10, ["popularity", "item-cosine"]));

        Assert.Equal([42, 43], report.Seeds);
        Assert.Equal(["popularity", "item-cosine"], report.Results.Select(r => r.Algorithm));
        foreach (var result in report.Results)
        {
            Assert.Equal(SplitMetrics.Names.Order(StringComparer.Ordinal), result.Mean.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(SplitMetrics.Names.Order(StringComparer.Ordinal), result.StandardDeviation.Keys.Order(StringComparer.Ordinal));
            Assert.InRange(result.Mean[SplitMetrics.Ndcg], 0, 1);
            Assert.True(result.Mean[SplitMetrics.UsersEvaluated] > 50);
        }

        // Two seeds, two different splits: the spread is real, not zero.
        Assert.True(report.Results[0].StandardDeviation[SplitMetrics.Precision] > 0);
        Assert.Equal("50", report.Results[1].Hyperparameters["neighbors"]);
    }

    [Fact]
    public void Run_WhenAHyperparameterIsInvalid_RefusesBeforeFitting()
    {
        var hyperparameters = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["item-cosine"] = new Dictionary<string, string> { ["neighbours"] = "5" },
        };

        var error = Assert.Throws<InvalidTrainingRequestException>(() => RecommendationBenchmark.Run(new RecommendationBenchmarkRequest(
            Shop, RecommendationProtocols.Random7525, [1], 10, ["item-cosine"], hyperparameters)));

        Assert.Contains("neighbours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenAnAlgorithmRefusesTheShop_SkipsItWithItsReasonAndRunsTheOthers()
    {
        // Every customer buys three products no one else buys: a held-out product has no buyer left
        // in the two-stage validation window, so no generator proposes it and the ranker has no label.
        var purchases = Enumerable.Range(0, 80).SelectMany(c => Enumerable.Range(0, 3).Select(i => ($"c{c}", $"p{(3 * c) + i}", i)));
        var shop = Recommendation.TestShops.Build(purchases, Enumerable.Range(0, 240).Select(p => ($"p{p}", "x")));
        var hyperparameters = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["two-stage"] = new Dictionary<string, string> { ["candidates"] = "1", ["trees"] = "5" },
        };

        var report = RecommendationBenchmark.Run(new RecommendationBenchmarkRequest(
            shop, RecommendationProtocols.Random7525, [42, 43], 10, ["popularity", "two-stage", "item-cosine"], hyperparameters));

        Assert.Equal(["popularity", "item-cosine"], report.Results.Select(r => r.Algorithm));
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("two-stage", skipped.Algorithm);
        Assert.StartsWith("seed 42: The two-stage ranker found no held-out purchase", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnACatalogueAboveEasesMaxProducts_EvaluatesEveryAlgorithm()
    {
        var hyperparameters = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["ease"] = new Dictionary<string, string> { ["max_products"] = "20" },
            ["two-stage"] = new Dictionary<string, string> { ["ease_max_products"] = "20", ["trees"] = "10", ["validation_rounds"] = "1" },
        };

        var report = RecommendationBenchmark.Run(new RecommendationBenchmarkRequest(
            Shop, RecommendationProtocols.Random7525, [42], 10, RecommendationBenchmark.AlgorithmNames, hyperparameters));

        Assert.Equal(RecommendationBenchmark.AlgorithmNames, report.Results.Select(r => r.Algorithm));
        Assert.Empty(report.Skipped);
        Assert.All(report.Results, r => Assert.True(r.Mean[SplitMetrics.Ndcg] > 0, r.Algorithm));
    }

    [Fact]
    public void Summarize_GivesMeanAndSampleStandardDeviation()
    {
        var runs = new[] { 1.0, 3.0 }
            .Select(v => (IReadOnlyDictionary<string, double>)SplitMetrics.Names.ToDictionary(n => n, _ => v))
            .ToList();

        var result = RecommendationBenchmark.Summarize("x", new Dictionary<string, string>(), runs);

        Assert.Equal(2, result.Mean[SplitMetrics.Ndcg], 12);
        Assert.Equal(Math.Sqrt(2), result.StandardDeviation[SplitMetrics.Ndcg], 12);
    }
}
