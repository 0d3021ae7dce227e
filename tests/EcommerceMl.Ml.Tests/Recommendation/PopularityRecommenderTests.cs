using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class PopularityRecommenderTests
{
    // Distinct buyers: A 3 (c1 bought it twice: still one buyer), B 2, C 1, D 0. Categories: A, B, C "x"; D "y".
    private static ShopData HandShop() => TestShops.Build(
        [
            ("c1", "A", 1), ("c1", "A", 2), ("c1", "B", 2),
            ("c2", "A", 3), ("c2", "C", 3),
            ("c3", "A", 4), ("c3", "B", 4),
        ],
        [("D", "y"), ("C", "x"), ("B", "x"), ("A", "x")]);

    [Fact]
    public void Recommend_IsMostDistinctBuyersFirstWithoutBoughtProducts()
    {
        var model = Fit.Popularity(HandShop());

        Assert.Equal([("A", 3.0), ("B", 2.0), ("C", 1.0), ("D", 0.0)], model.Recommend("new-customer", 10).Select(r => (r.ProductId, r.Score)));
        Assert.Equal(["C", "D"], model.Recommend("c3", 10).Select(r => r.ProductId));
        Assert.Equal(["B"], model.Recommend("c2", 1).Select(r => r.ProductId));
    }

    [Fact]
    public void Similar_IsMostPopularOfTheSameCategoryWithTrueCoBuyers()
    {
        var model = Fit.Popularity(HandShop());

        var similar = model.Similar("A", 10);

        Assert.NotNull(similar);
        Assert.Equal([("B", 2), ("C", 1)], similar.Select(s => (s.ProductId, s.CoBuyers)));
        Assert.Empty(model.Similar("D", 10)!);
        Assert.Null(model.Similar("unknown", 10));
    }

    [Fact]
    public void Recommend_WithWindowDays_CountsOnlyRecentBuyers()
    {
        // Old favourite "old" (3 buyers on day 0), recent favourite "new" (2 buyers in the last week).
        var shop = TestShops.Build(
            [("c1", "old", 0), ("c2", "old", 0), ("c3", "old", 0), ("c4", "new", 25), ("c5", "new", 30), ("c6", "old", 30)],
            [("old", "x"), ("new", "x")]);

        Assert.Equal(["old", "new"], Fit.Popularity(shop).Recommend("x", 2).Select(r => r.ProductId));
        Assert.Equal([("new", 2.0), ("old", 1.0)], Fit.Popularity(shop, ("window_days", "7")).Recommend("x", 2).Select(r => (r.ProductId, r.Score)));
    }

    [Fact]
    public void Recommend_WhenNothingWasBought_IsTheCatalogueInOrder()
    {
        var shop = TestShops.Build([], [("p1", "x"), ("p2", "x")]);

        var model = Fit.Popularity(shop, ("window_days", "30"));

        Assert.Equal([("p1", 0.0), ("p2", 0.0)], model.Recommend("anyone", 5).Select(r => (r.ProductId, r.Score)));
        Assert.Empty(model.SampleCustomers(3));
    }
}
