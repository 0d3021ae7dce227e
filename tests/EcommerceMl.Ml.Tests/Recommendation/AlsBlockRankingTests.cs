using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class AlsBlockRankingTests
{
    // 601 products: two whole tiles of 256 and a last one of 89 (not a multiple of four); 151 customers:
    // two whole blocks of 64 and a last one of 23 (odd, so the one-customer path runs too).
    private const int Customers = 151;
    private const int Products = 601;

    [Theory]
    [InlineData(5)] // padded to one vector
    [InlineData(64)] // the default, no padding
    [InlineData(100)] // padded, several vectors
    public void RecommendMany_EqualsRecommendOneCustomerAtATime(int factors)
    {
        var shop = TestShops.Random(seed: 21, customerCount: Customers, productCount: Products, density: 0.03);
        var model = Fit.Als(shop, ("factors", factors.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("iterations", "3"));
        var ids = model.Catalog.Customers.Reverse().ToList();
        ids.Insert(7, "never-seen"); // the popularity answer, in its place among the others

        foreach (var k in new[] { 0, 1, 10, Products })
        {
            var many = model.RecommendMany(ids, k);

            Assert.Equal(ids.Count, many.Length);
            for (var i = 0; i < ids.Count; i++)
            {
                Assert.Equal(model.Recommend(ids[i], k), many[i]); // the same products, order and float scores
            }
        }
    }

    [Fact]
    public void RecommendMany_WithTiedScoresAcrossTiles_OrdersThemByPopularityAsRecommendDoes()
    {
        // Item factors from three distinct rows: every score is tied with ~200 others, spread over all tiles.
        var shop = TestShops.Random(seed: 22, customerCount: Customers, productCount: Products, density: 0.02);
        var fitted = (AlsRecommender)Fit.Als(shop, ("factors", "8"), ("iterations", "2"));
        var random = new Random(3);
        var rows = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var items = Enumerable.Range(0, Products).SelectMany(p => rows[p % 3]).ToArray();
        var users = Enumerable.Range(0, fitted.Catalog.Customers.Length * 8).Select(_ => (float)random.NextDouble() - 0.3f).ToArray();
        var model = new AlsRecommender(fitted.Catalog, 8, users, items);
        var ids = model.Catalog.Customers.ToList();

        var many = model.RecommendMany(ids, 250);

        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(model.Recommend(ids[i], 250), many[i]);
        }
    }

    [Fact]
    public void RecommendMany_ForACustomerWhoBoughtAlmostEverything_ListsOnlyWhatIsLeft()
    {
        var purchases = Enumerable.Range(0, 298).Select(p => ("all", $"p{p}", 1))
            .Concat(Enumerable.Range(0, 40).Select(c => ($"c{c}", $"p{c % 7}", 2)));
        var shop = TestShops.Build(purchases, Enumerable.Range(0, 300).Select(p => ($"p{p}", "any")));
        var model = Fit.Als(shop, ("factors", "4"), ("iterations", "2"));

        var answer = model.RecommendMany(["all"], 10)[0];

        Assert.Equal(["p298", "p299"], answer.Select(a => a.ProductId).Order());
        Assert.Equal(model.Recommend("all", 10), answer);
    }

    [Fact]
    public void RecommendMany_WithKAboveTheLimit_IsRefusedLikeRecommend()
    {
        var model = Fit.Als(TestShops.Random(seed: 23, customerCount: 10, productCount: 20, density: 0.2), ("factors", "4"), ("iterations", "1"));

        Assert.Throws<ArgumentOutOfRangeException>(() => model.RecommendMany(["c1"], CatalogRecommender.MaxK + 1));
    }
}
