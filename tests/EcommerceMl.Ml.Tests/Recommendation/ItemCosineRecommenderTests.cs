using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class ItemCosineRecommenderTests
{
    // Buyers: A = {c1, c2, c4}, B = {c1, c2, c3}, C = {c2, c3}, E = {c5}, D never bought.
    // co(A,B) = 2, co(A,C) = 1, co(B,C) = 2 → cos(A,B) = 2/3, cos(A,C) = 1/√6, cos(B,C) = 2/√6.
    private static ShopData HandShop() => TestShops.Build(
        [
            ("c1", "A", 1), ("c1", "B", 1),
            ("c2", "A", 2), ("c2", "B", 2), ("c2", "C", 3),
            ("c3", "B", 4), ("c3", "C", 4),
            ("c4", "A", 5),
            ("c5", "E", 6),
        ],
        [("A", "x"), ("B", "x"), ("C", "y"), ("D", "y"), ("E", "x")]);

    [Fact]
    public void Recommend_ScoresBySumOfSimilaritiesToBoughtProducts()
    {
        var model = Fit.ItemCosine(HandShop());

        var result = model.Recommend("c4", 2);

        Assert.Equal(["B", "C"], result.Select(r => r.ProductId));
        Assert.Equal(2.0 / 3, result[0].Score, 1e-6);
        Assert.Equal(1 / Math.Sqrt(6), result[1].Score, 1e-6);
    }

    [Fact]
    public void Recommend_WhenFewProductsScore_FillsFromPopularityWithScoreZero()
    {
        var model = Fit.ItemCosine(HandShop());

        // c5 bought only E, which nobody else bought: nothing scores, so popularity (A 3, B 3, C 2, D 0).
        var result = model.Recommend("c5", 10);

        Assert.Equal(["A", "B", "C", "D"], result.Select(r => r.ProductId));
        Assert.All(result, r => Assert.Equal(0, r.Score));

        // c4: B and C score, then the popular rest (E 1, D 0); A was bought.
        Assert.Equal(["B", "C", "E", "D"], model.Recommend("c4", 10).Select(r => r.ProductId));
    }

    [Fact]
    public void Recommend_ForUnknownCustomer_IsThePopularityRanking()
    {
        var shop = TestShops.Random(seed: 5, customerCount: 40, productCount: 15, density: 0.25);
        var model = Fit.ItemCosine(shop);
        var popularity = Fit.Popularity(shop);

        var result = model.Recommend("nobody", 10);

        Assert.False(model.KnowsCustomer("nobody"));
        Assert.Equal(popularity.Recommend("nobody", 10), result);
        var buyers = shop.Purchases.GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g => g.Select(p => p.CustomerId).Distinct().Count());
        var counts = result.Select(r => buyers.GetValueOrDefault(r.ProductId)).ToList();
        Assert.Equal(counts.OrderDescending(), counts);
    }

    [Fact]
    public void Recommend_NeverReturnsProductsTheCustomerBought()
    {
        var shop = TestShops.Random(seed: 9, customerCount: 50, productCount: 20, density: 0.3);
        var model = Fit.ItemCosine(shop, ("neighbors", "5"));

        foreach (var customer in shop.Purchases.Select(p => p.CustomerId).Distinct())
        {
            var bought = shop.Purchases.Where(p => p.CustomerId == customer).Select(p => p.ProductId).ToHashSet();
            var result = model.Recommend(customer, 10);
            Assert.Equal(Math.Min(10, 20 - bought.Count), result.Count);
            Assert.DoesNotContain(result, r => bought.Contains(r.ProductId));
            Assert.Equal(result.Count, result.Select(r => r.ProductId).Distinct().Count());
        }
    }

    [Fact]
    public void Similar_ReturnsNeighboursWithCoBuyers()
    {
        var model = Fit.ItemCosine(HandShop());

        var similar = model.Similar("B", 10);

        Assert.NotNull(similar);
        Assert.Equal([("C", 2), ("A", 2)], similar.Select(s => (s.ProductId, s.CoBuyers)));
        Assert.Equal(2 / Math.Sqrt(6), similar[0].Score, 1e-6);
        Assert.Equal(2.0 / 3, similar[1].Score, 1e-6);
        Assert.Single(model.Similar("B", 1)!);
        Assert.Empty(model.Similar("D", 10)!);
    }

    [Fact]
    public void Similar_OfUnknownProduct_IsNull()
    {
        Assert.Null(Fit.ItemCosine(HandShop()).Similar("no-such-product", 5));
    }

    [Fact]
    public void SimilarityTable_RanksEachProductsNeighboursOneToNWithoutDuplicatePairs()
    {
        var shop = TestShops.Random(seed: 3, customerCount: 60, productCount: 25, density: 0.2);
        var model = (ItemCosineRecommender)Fit.ItemCosine(shop, ("neighbors", "6"));

        var rows = model.SimilarityTable().ToList();

        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, rows.Select(r => (r.ProductId, r.RecommendedProductId)).Distinct().Count());
        Assert.DoesNotContain(rows, r => r.ProductId == r.RecommendedProductId);
        foreach (var product in rows.GroupBy(r => r.ProductId))
        {
            Assert.Equal(Enumerable.Range(1, product.Count()), product.Select(r => r.Rank));
            Assert.True(product.Count() <= 6);
            Assert.Equal(product.Select(r => r.Score).OrderDescending(), product.Select(r => r.Score));
        }
    }

    [Fact]
    public void Catalogue_AnswersPurchasesProductsAndMostActiveCustomers()
    {
        var model = Fit.ItemCosine(HandShop());

        Assert.Equal(["A", "B", "C"], model.PurchasedBy("c2"));
        Assert.Empty(model.PurchasedBy("nobody"));
        Assert.Equal(new ProductInfo("C", "Name of C", "y", 10), model.FindProduct("C"));
        Assert.Null(model.FindProduct("nope"));
        Assert.Equal(["c2", "c1"], model.SampleCustomers(2));
        Assert.Equal(5, model.ProductCount);
    }

    [Fact]
    public void Recommend_WhenKIsOutOfRange_Refuses()
    {
        var model = Fit.ItemCosine(HandShop());

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Recommend("c1", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Recommend("c1", CatalogRecommender.MaxK + 1));
        Assert.Empty(model.Recommend("c1", 0));
    }
}
