using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class EaseRecommenderTests
{
    [Fact]
    public void Fit_OnATwoProductShop_MatchesTheHandSolvedClosedForm()
    {
        // X = [[1, 1], [1, 0]] → XᵀX = [[2, 1], [1, 1]]; λ = 1 → P = [[3, 1], [1, 2]]⁻¹ = [[2, -1], [-1, 3]] / 5.
        // B_ij = -P_ij / P_jj: B_01 = (1/5) / (3/5) = 1/3, B_10 = (1/5) / (2/5) = 1/2, diagonal 0.
        var shop = TestShops.Build([("u1", "p0", 1), ("u1", "p1", 1), ("u2", "p0", 2)], [("p0", "x"), ("p1", "x")]);

        var model = Assert.IsType<EaseRecommender>(Fit.Ease(shop, ("lambda", "1")));

        Assert.Equal(1 / 3.0, model.Weight(0, 1), 5);
        Assert.Equal(1 / 2.0, model.Weight(1, 0), 5);
        Assert.Equal(0, model.Weight(0, 0));
        Assert.Equal(0, model.Weight(1, 1));
    }

    [Fact]
    public void Recommend_ScoresBySumOfWeightRowsOfBoughtProducts()
    {
        var shop = TestShops.Random(seed: 4, customerCount: 50, productCount: 20, density: 0.3);
        var model = Assert.IsType<EaseRecommender>(Fit.Ease(shop, ("lambda", "5")));
        var customer = model.Catalog.Customers[0];
        var bought = model.Catalog.ItemsOf(0).ToArray();

        var top = model.Recommend(customer, 3);

        foreach (var answer in top)
        {
            var j = model.Catalog.ProductIndex(answer.ProductId);
            Assert.Equal(bought.Sum(i => (double)model.Weight(i, j)), answer.Score, 4);
        }

        Assert.True(top[0].Score >= top[1].Score && top[1].Score >= top[2].Score);
    }

    [Fact]
    public void Recommend_NeverReturnsBoughtProducts_AndRanksTheWholeRest()
    {
        var shop = TestShops.Random(seed: 6, customerCount: 30, productCount: 15, density: 0.4);
        var model = Fit.Ease(shop);

        foreach (var customer in model.Catalog.Customers)
        {
            var bought = model.PurchasedBy(customer);
            var answer = model.Recommend(customer, CatalogRecommender.MaxK);
            Assert.DoesNotContain(answer, p => bought.Contains(p.ProductId));
            Assert.Equal(model.ProductCount - bought.Count, answer.Count);
        }
    }

    [Fact]
    public void Recommend_ForUnknownCustomer_IsThePopularityRanking()
    {
        var shop = TestShops.TwoClusters(seed: 2);
        var ease = Fit.Ease(shop);
        var popularity = Fit.Popularity(shop);

        Assert.Equal(popularity.Recommend("nobody", 10), ease.Recommend("nobody", 10));
    }

    [Fact]
    public void Similar_PointsInsideTheCoPurchaseCluster()
    {
        var model = Fit.Ease(TestShops.TwoClusters(seed: 3), ("lambda", "10"));

        var similar = model.Similar("a0", 5)!;

        Assert.NotEmpty(similar);
        Assert.All(similar, s => Assert.StartsWith("a", s.ProductId, StringComparison.Ordinal));
        Assert.All(similar, s => Assert.True(s.CoBuyers > 0));
        Assert.Null(model.Similar("no-such-product", 5));
    }

    [Fact]
    public void Fit_PastTheProductLimit_RefusesAndSaysWhatToUseInstead()
    {
        var products = Enumerable.Range(0, EaseKernel.MaxProducts + 1).Select(i => ($"p{i}", "x"));
        var shop = TestShops.Build([("u1", "p0", 1)], products);

        var error = Assert.Throws<InvalidTrainingRequestException>(() => Fit.Ease(shop));

        Assert.Contains("8,000", error.Message, StringComparison.Ordinal);
        Assert.Contains("als", error.Message, StringComparison.Ordinal);
    }
}
