using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Recommendation;

public sealed class TwoStageRecommenderTests
{
    private static readonly (string, string)[] Small = [("trees", "20"), ("leaves", "8"), ("min_leaf_rows", "5"), ("candidates", "10")];

    [Fact]
    public void ValidationWindow_LiesStrictlyInsideTheTrainingData_AndNeverTouchesTheTestSplit()
    {
        var shop = TestShops.Random(seed: 5, customerCount: 80, productCount: 30, density: 0.3);
        var split = RandomPerUserSplit.Split(shop, 0.75, seed: 42);
        var train = InteractionData.FromShop(split.Train);

        var window = ValidationWindow.Carve(train, 0.2);

        var trainPairs = Pairs(train);
        var fitPairs = Pairs(window.Fit);
        var heldPairs = window.HeldOut.SelectMany((items, u) => items.Select(i => (train.Customers[u], train.Products[i].ProductId))).ToHashSet();
        var testPairs = split.Test.SelectMany(t => t.Value.Select(p => (t.Key, p))).ToHashSet();
        Assert.NotEmpty(heldPairs);
        Assert.Subset(trainPairs, fitPairs);
        Assert.Subset(trainPairs, heldPairs);
        Assert.Empty(fitPairs.Intersect(heldPairs));
        Assert.Empty(heldPairs.Intersect(testPairs));
        Assert.Equal(trainPairs.Count, fitPairs.Count + heldPairs.Count);

        // Temporal: each customer's held-out products were bought no earlier than anything they keep.
        for (var u = 0; u < train.CustomerCount; u++)
        {
            Assert.NotEmpty(window.Fit.ItemsOf(u).ToArray());
            if (window.HeldOut[u].Length == 0)
            {
                continue;
            }

            var kept = LatestOf(window.Fit, u);
            var held = window.HeldOut[u].Min(item => TicksOf(train, u, item));
            Assert.True(held >= kept, $"customer {train.Customers[u]} held out a product bought before one they kept");
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void SaveThenLoad_GivesIdenticalRankings(string rankers)
    {
        var model = Fit.TwoStage(TestShops.TwoClusters(seed: 3), [.. Small, ("rankers", rankers), ("fused_weight", "0.3")]);
        using var file = new MemoryStream();
        model.Save(file);
        file.Position = 0;

        var loaded = RecommendationPipeline.LoadRecommender(TwoStageRecommender.Name, file);

        Assert.IsType<TwoStageRecommender>(loaded);
        foreach (var customer in model.Catalog.Customers.Take(40))
        {
            Assert.Equal(model.Recommend(customer, 5), loaded.Recommend(customer, 5));
        }

        Assert.Equal(model.Similar("a0", 3), loaded.Similar("a0", 3));
        var stage = Assert.IsType<TwoStageRecommender>(loaded);
        Assert.Equal(int.Parse(rankers, System.Globalization.CultureInfo.InvariantCulture), stage.Rankers.Length);
        Assert.Equal(0.3, stage.FusedWeight);
    }

    [Fact]
    public void Load_OfAVersionOneSection_RefusesWithARetrainMessage()
    {
        // A version-1 two-stage section began with the (positive) candidate count, not a negative version marker.
        var model = Fit.TwoStage(TestShops.TwoClusters(seed: 3), Small);
        using var file = new MemoryStream();
        var writer = RecommenderFile.OpenWrite(file, TwoStageRecommender.Name);
        model.Catalog.Write(writer);
        writer.Write(50);
        writer.Write(0);
        RecommenderFile.Close(writer);
        file.Position = 0;

        var error = Assert.Throws<InvalidDataException>(() => RecommendationPipeline.LoadRecommender(TwoStageRecommender.Name, file));

        Assert.Contains("older build", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreCandidates_MixesTheStandardisedRankerScoreWithTheFusedScore()
    {
        var model = Assert.IsType<TwoStageRecommender>(Fit.TwoStage(TestShops.TwoClusters(seed: 7), Small));
        var candidates = new List<int>();
        var features = new List<float>();
        model.StageOne.Build(model.Catalog.CustomerIndex(model.Catalog.Customers[0]), candidates, features);
        var rows = features.ToArray();
        var count = candidates.Count;
        var fused = Enumerable.Range(0, count).Select(c => rows[(c * StageOne.FeatureCount) + StageOne.FusedFeature]).ToArray();
        var ranker = Enumerable.Range(0, count).Select(c => model.Rankers.Average(r => r.Score(rows.AsSpan(c * StageOne.FeatureCount, StageOne.FeatureCount)))).ToArray();

        var fusedOnly = new float[count];
        new TwoStageRecommender(model.StageOne, model.Rankers, 1).ScoreCandidates(rows, fusedOnly);
        var rankerOnly = new float[count];
        new TwoStageRecommender(model.StageOne, model.Rankers, 0).ScoreCandidates(rows, rankerOnly);
        var half = new float[count];
        new TwoStageRecommender(model.StageOne, model.Rankers, 0.5).ScoreCandidates(rows, half);

        Assert.True(count > 2);
        Assert.Equal(fused, fusedOnly);
        Assert.Equal(0, rankerOnly.Average(), 1e-4);
        var mean = ranker.Average();
        var sd = Math.Sqrt(ranker.Average(v => (v - mean) * (v - mean)));
        for (var c = 0; c < count; c++)
        {
            var z = sd > 1e-12 ? (ranker[c] - mean) / sd : 0;
            Assert.Equal(z, rankerOnly[c], 1e-3);
            Assert.Equal((0.5 * z) + (0.5 * fused[c]), half[c], 1e-3);
        }
    }

    [Fact]
    public void Build_GivesRanksRatiosAndStandardisedScores_NotRawScoresOrCounts()
    {
        // Raw scores and counts shift between the ranker's fit (generators on ~80% of the data) and serving.
        var shop = TestShops.TwoClusters(seed: 8);
        var model = Assert.IsType<TwoStageRecommender>(Fit.TwoStage(shop, Small));
        var customer = model.Catalog.CustomerIndex(model.Catalog.Customers[1]);
        var candidates = new List<int>();
        var features = new List<float>();
        model.StageOne.Build(customer, candidates, features);

        Assert.Equal(candidates.Count * StageOne.FeatureCount, features.Count);
        Assert.All(features, value => Assert.True(float.IsFinite(value)));
        for (var c = 0; c < candidates.Count; c++)
        {
            var row = features.GetRange(c * StageOne.FeatureCount, StageOne.FeatureCount);
            Assert.InRange(row[Array.IndexOf(StageOne.FeatureNames, "fused_rank")], 1, candidates.Count);
            Assert.InRange(row[Array.IndexOf(StageOne.FeatureNames, "als_score_vs_best")], -1.0001f, 1.0001f);
        }

        Assert.DoesNotContain("ease_score", StageOne.FeatureNames);
        Assert.DoesNotContain("log_buyers", StageOne.FeatureNames);
        Assert.DoesNotContain("log_customer_products", StageOne.FeatureNames);
    }

    [Fact]
    public void Recommend_NeverReturnsBoughtProducts_AndFillsToK()
    {
        var model = Fit.TwoStage(TestShops.TwoClusters(seed: 4), Small);

        foreach (var customer in model.Catalog.Customers)
        {
            var bought = model.PurchasedBy(customer).ToHashSet();
            var top = model.Recommend(customer, 10);
            Assert.Equal(10, top.Count);
            Assert.DoesNotContain(top, p => bought.Contains(p.ProductId));
            Assert.Equal(10, top.Select(p => p.ProductId).Distinct().Count());
        }
    }

    [Fact]
    public void Recommend_ForAnUnknownCustomer_FallsBackToPopularity()
    {
        var shop = TestShops.TwoClusters(seed: 5);
        var model = Fit.TwoStage(shop, Small);
        var popularity = Fit.Popularity(shop);

        Assert.Equal(popularity.Recommend("nobody", 5), model.Recommend("nobody", 5));
        Assert.False(model.KnowsCustomer("nobody"));
    }

    [Fact]
    public void Recommend_KeepsCustomersInTheirCluster()
    {
        var model = Fit.TwoStage(TestShops.TwoClusters(seed: 6), Small);

        var inCluster = model.Catalog.Customers.Where(c => c.StartsWith("a-", StringComparison.Ordinal))
            .SelectMany(c => model.Recommend(c, 2))
            .Count(p => p.ProductId.StartsWith('a'));
        var total = model.Catalog.Customers.Count(c => c.StartsWith("a-", StringComparison.Ordinal)) * 2;

        Assert.True(inCluster >= 0.9 * total, $"{inCluster} of {total} top-2 picks of cluster-a customers are a products");
    }

    [Fact]
    public void Fit_PastEaseMaxProducts_ChoosesGeneratorsWithoutEase()
    {
        // TwoClusters has 20 products: EASE is a generator up to 20, left out below.
        var shop = TestShops.TwoClusters(seed: 7);

        var withEase = Assert.IsType<TwoStageRecommender>(Fit.TwoStage(shop, [.. Small, ("ease_max_products", "20")]));
        var withoutEase = Assert.IsType<TwoStageRecommender>(Fit.TwoStage(shop, [.. Small, ("ease_max_products", "19")]));

        Assert.NotNull(withEase.StageOne.Ease);
        Assert.Null(withoutEase.StageOne.Ease);
        var customer = shop.Customers[0].CustomerId;
        Assert.Equal(10, withoutEase.Recommend(customer, 10).Count);
        Assert.NotEmpty(withoutEase.Similar("a0", 5)!);
    }

    [Fact]
    public void RankerCustomers_IsEveryoneUpToTheCap_ThenASeededSampleOfExactlyThatMany()
    {
        Assert.Null(TwoStageAlgorithm.RankerCustomers(100, 100, seed: 1));

        var sample = TwoStageAlgorithm.RankerCustomers(1000, 120, seed: 1)!;

        Assert.Equal(120, sample.Count(chosen => chosen));
        Assert.Equal(sample, TwoStageAlgorithm.RankerCustomers(1000, 120, seed: 1));
        Assert.NotEqual(sample, TwoStageAlgorithm.RankerCustomers(1000, 120, seed: 2));
    }

    [Fact]
    public void Fit_WithFewerRankerCustomers_StillTrainsARankerThatKeepsCustomersInTheirCluster()
    {
        var model = Fit.TwoStage(TestShops.TwoClusters(seed: 6), [.. Small, ("ranker_customers", "60")]);

        var inCluster = model.Catalog.Customers.Where(c => c.StartsWith("a-", StringComparison.Ordinal))
            .SelectMany(c => model.Recommend(c, 2))
            .Count(p => p.ProductId.StartsWith('a'));
        var total = model.Catalog.Customers.Count(c => c.StartsWith("a-", StringComparison.Ordinal)) * 2;

        Assert.True(inCluster >= 0.9 * total, $"{inCluster} of {total} top-2 picks of cluster-a customers are a products");
    }

    [Theory]
    [InlineData("candidates", "0")]
    [InlineData("validation_share", "1")]
    [InlineData("trees", "-3")]
    [InlineData("leaves", "1")]
    [InlineData("learning_rate", "2")]
    [InlineData("ease", "2")]
    [InlineData("random_validation", "yes")]
    [InlineData("fused_weight", "1.5")]
    [InlineData("rankers", "0")]
    [InlineData("ease_max_products", "20001")]
    [InlineData("ranker_customers", "0")]
    public void Configure_RefusesAnInvalidHyperparameter(string key, string value)
    {
        var algorithm = new TwoStageAlgorithm();
        var hyperparameters = new Hyperparameters(algorithm.Name, new Dictionary<string, string> { [key] = value }, algorithm.HyperparameterNames);

        var error = Assert.Throws<InvalidTrainingRequestException>(() => { _ = algorithm.Configure(hyperparameters); });

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_RefusesAnUnknownHyperparameter()
    {
        var algorithm = new TwoStageAlgorithm();

        Assert.Throws<InvalidTrainingRequestException>(() =>
        {
            _ = new Hyperparameters(algorithm.Name, new Dictionary<string, string> { ["neighbours"] = "5" }, algorithm.HyperparameterNames);
        });
    }

    private static HashSet<(string, string)> Pairs(InteractionData data) =>
        [.. Enumerable.Range(0, data.CustomerCount).SelectMany(u => data.ItemsOf(u).ToArray().Select(i => (data.Customers[u], data.Products[i].ProductId)))];

    private static long LatestOf(InteractionData data, int customer) =>
        data.LastPurchasedTicks.AsSpan(data.CustomerOffsets[customer], data.CustomerOffsets[customer + 1] - data.CustomerOffsets[customer]).ToArray().Max();

    private static long TicksOf(InteractionData data, int customer, int item)
    {
        var position = data.ItemsOf(customer).BinarySearch(item);
        return data.LastPurchasedTicks[data.CustomerOffsets[customer] + position];
    }
}
