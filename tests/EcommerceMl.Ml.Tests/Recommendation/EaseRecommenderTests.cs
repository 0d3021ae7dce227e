using EcommerceMl.Ml.Data;
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
    public void Fit_PastMaxProducts_IsEaseOnTheMostBoughtProductsAlone()
    {
        var shop = TestShops.Random(seed: 8, customerCount: 60, productCount: 20, density: 0.3);
        var model = Assert.IsType<EaseRecommender>(Fit.Ease(shop, ("lambda", "5"), ("max_products", "8")));
        var buyers = model.Catalog.Popularity.ToArray();
        var modelled = Enumerable.Range(0, 20).OrderByDescending(p => buyers[p]).ThenBy(p => p).Take(8).Order().ToArray();
        var kept = modelled.Select(p => model.Catalog.Products[p].ProductId).ToHashSet();
        var restricted = new ShopData(shop.Name, shop.Customers, [.. shop.Products.Where(p => kept.Contains(p.ProductId))], shop.Orders, [.. shop.OrderItems.Where(i => kept.Contains(i.ProductId))], []);

        var alone = Assert.IsType<EaseRecommender>(Fit.Ease(restricted, ("lambda", "5")));

        Assert.Equal(8, model.ModelledCount);
        Assert.False(model.CoversCatalogue);
        for (var a = 0; a < modelled.Length; a++)
        {
            for (var b = 0; b < modelled.Length; b++)
            {
                Assert.Equal(alone.Weight(a, b), model.Weight(modelled[a], modelled[b]), 5);
            }
        }

        var unmodelled = Enumerable.Range(0, 20).Except(modelled).First();
        Assert.Equal(0, model.Weight(unmodelled, modelled[0]));
        Assert.Equal(0, model.Weight(modelled[0], unmodelled));
    }

    [Fact]
    public void Recommend_PastMaxProducts_RanksModelledProductsThenTheRestByPopularity()
    {
        var shop = TestShops.Random(seed: 9, customerCount: 60, productCount: 20, density: 0.3);
        var model = Assert.IsType<EaseRecommender>(Fit.Ease(shop, ("lambda", "5"), ("max_products", "8")));
        var popularity = Fit.Popularity(shop);

        foreach (var customer in model.Catalog.Customers)
        {
            var bought = model.PurchasedBy(customer).ToHashSet();
            var answer = model.Recommend(customer, CatalogRecommender.MaxK);
            var modelledUnbought = Enumerable.Range(0, 20).Count(p => model.Models(p) && !bought.Contains(model.Catalog.Products[p].ProductId));

            Assert.Equal(model.ProductCount - bought.Count, answer.Count);
            Assert.All(answer.Take(modelledUnbought), p => Assert.True(IsModelled(model, model.Catalog.ProductIndex(p.ProductId))));
            var rest = answer.Skip(modelledUnbought).ToList();
            Assert.All(rest, p => Assert.Equal(0, p.Score));
            var expected = popularity.Recommend(customer, CatalogRecommender.MaxK).Select(p => p.ProductId)
                .Where(id => !IsModelled(model, model.Catalog.ProductIndex(id)));
            Assert.Equal(expected, rest.Select(p => p.ProductId));
        }
    }

    [Fact]
    public void Similar_OfAnUnmodelledProduct_IsTheMostPopularOfItsCategory()
    {
        var shop = TestShops.Random(seed: 10, customerCount: 60, productCount: 20, density: 0.3);
        var model = Assert.IsType<EaseRecommender>(Fit.Ease(shop, ("max_products", "8")));
        var popularity = Fit.Popularity(shop);
        var unmodelled = model.Catalog.Products[Enumerable.Range(0, 20).First(p => !IsModelled(model, p))].ProductId;
        var modelled = model.Catalog.Products[Enumerable.Range(0, 20).First(p => IsModelled(model, p))].ProductId;

        Assert.Equal(popularity.Similar(unmodelled, 5), model.Similar(unmodelled, 5));
        Assert.All(model.Similar(modelled, 20)!, s => Assert.True(IsModelled(model, model.Catalog.ProductIndex(s.ProductId))));
    }

    [Fact]
    public void SaveThenLoad_PastMaxProducts_GivesIdenticalAnswers()
    {
        var model = Fit.Ease(TestShops.Random(seed: 11, customerCount: 40, productCount: 18, density: 0.25), ("lambda", "10"), ("max_products", "7"));
        using var stream = new MemoryStream();
        model.Save(stream);
        var bytes = stream.ToArray();

        var loaded = Assert.IsType<EaseRecommender>(RecommendationPipeline.LoadRecommender(EaseRecommender.Name, new MemoryStream(bytes)));

        Assert.Equal(7, loaded.ModelledCount);
        foreach (var customer in model.Catalog.Customers.Append("unknown-customer"))
        {
            Assert.Equal(model.Recommend(customer, 10), loaded.Recommend(customer, 10));
        }

        foreach (var product in model.Catalog.Products)
        {
            Assert.Equal(model.Similar(product.ProductId, 10), loaded.Similar(product.ProductId, 10));
        }

        for (var length = 0; length < bytes.Length; length += Math.Max(1, length / 50))
        {
            Assert.Throws<InvalidDataException>(() => RecommendationPipeline.LoadRecommender(EaseRecommender.Name, new MemoryStream(bytes[..length])));
        }
    }

    [Fact]
    public void Save_OfAWholeCatalogueModel_KeepsTheFormerLayout()
    {
        var model = Fit.Ease(TestShops.Random(seed: 12, customerCount: 20, productCount: 6, density: 0.4));
        using var whole = new MemoryStream();
        model.Save(whole);
        using var catalogueOnly = new MemoryStream();
        Fit.Popularity(TestShops.Random(seed: 12, customerCount: 20, productCount: 6, density: 0.4)).Save(catalogueOnly);

        // The section starts right where the popularity file's end marker is: int32 n, then int32 n·n.
        var section = whole.ToArray().AsSpan((int)catalogueOnly.Length - 4 - ("popularity".Length - "ease".Length));
        Assert.Equal(6, BitConverter.ToInt32(section[..4]));
        Assert.Equal(36, BitConverter.ToInt32(section[4..8]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("20001")]
    public void Configure_RefusesMaxProductsOutOfRange_NamingIt(string value)
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => Fit.Ease(TestShops.TwoClusters(seed: 1), ("max_products", value)));

        Assert.Contains("max_products", error.Message, StringComparison.Ordinal);
    }

    private static bool IsModelled(EaseRecommender model, int product) => model.Models(product);
}
