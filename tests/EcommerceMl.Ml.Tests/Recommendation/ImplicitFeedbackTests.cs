using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public sealed class ImplicitFeedbackTests
{
    private static readonly (string, string)[] Products = [("a", "x"), ("b", "x"), ("c", "y"), ("d", "y")];

    /// <summary>c1 bought a and b; c2 bought c; day 28 is the data's last purchase.</summary>
    private static ShopData Shop(params ShopEvent[] events)
    {
        var shop = TestShops.Build([("c1", "a", 0), ("c1", "b", 0), ("c2", "c", 28)], Products);
        var customers = shop.Customers.Concat(events.Select(e => e.CustomerId).Distinct().Where(c => shop.Customers.All(k => k.CustomerId != c)).Select(c => new Customer(c, TestShops.Start, "NL", false)));
        return new ShopData(shop.Name, [.. customers], shop.Products, shop.Orders, shop.OrderItems, events);
    }

    private static ShopEvent View(string customer, string product, int day = 28) => new(customer, product, ShopEventType.View, TestShops.Start.AddDays(day).AddHours(12));

    private static ShopEvent Cart(string customer, string product, int day = 28) => new(customer, product, ShopEventType.AddToCart, TestShops.Start.AddDays(day).AddHours(12));

    private static List<(int Row, string Product, float Weight)> Entries(InteractionData data, WeightedInteractions matrix) =>
        [.. Enumerable.Range(0, matrix.Rows).SelectMany(r => Enumerable.Range(matrix.Offsets[r], matrix.Offsets[r + 1] - matrix.Offsets[r])
            .Select(p => (r, data.Products[matrix.Items[p]].ProductId, matrix.Weights[p])))];

    [Fact]
    public void Weigh_Binary_IsThePurchaseMatrix()
    {
        var data = InteractionData.FromShop(Shop(View("c1", "c"), View("v9", "d")));

        var matrix = new ImplicitFeedback().Weigh(data);

        Assert.Equal([(0, "a", 1f), (0, "b", 1f), (1, "c", 1f)], Entries(data, matrix));
    }

    [Fact]
    public void Weigh_KeepsEachInteractionsStrongestSignal_AndAddsShoppersWhoOnlyBrowsed()
    {
        var data = InteractionData.FromShop(Shop(View("c1", "a"), View("c1", "c"), View("c1", "c"), Cart("c1", "d"), View("c1", "d"), View("v9", "d")));

        var matrix = new ImplicitFeedback(ViewWeight: 0.1, CartWeight: 0.4).Weigh(data);

        Assert.Equal(
            [(0, "a", 1f), (0, "b", 1f), (0, "c", 0.1f), (0, "d", 0.4f), (1, "c", 1f), (2, "d", 0.1f)],
            Entries(data, matrix));
    }

    [Fact]
    public void Weigh_WithAHalfLife_HalvesWhatIsThatOld()
    {
        var data = InteractionData.FromShop(Shop(Cart("c2", "d", day: 14)));

        var matrix = new ImplicitFeedback(CartWeight: 0.5, HalfLifeDays: 14).Weigh(data);

        // c1's purchases are 28 days before the last purchase: a quarter; the cart add 14 days: half of 0.5.
        Assert.Equal([(0, "a", 0.25f), (0, "b", 0.25f), (1, "c", 1f), (1, "d", 0.25f)], Entries(data, matrix));
    }

    [Fact]
    public void WeightedKernel_OnTheBinaryMatrix_GivesTheBinaryKernelsNeighbours()
    {
        var data = InteractionData.FromShop(TestShops.Random(seed: 3, customerCount: 60, productCount: 30, density: 0.2));
        var options = new ItemCosineOptions(Neighbors: 8, Shrinkage: 2, MinCoBuyers: 2);

        var binary = ItemCosineKernel.Fit(data.ProductCount, data.CustomerOffsets, data.CustomerItems, options);
        var weighted = WeightedItemCosineKernel.Fit(data.ProductCount, new ImplicitFeedback().Weigh(data), options);

        Assert.Equal(binary.Offsets, weighted.Offsets);
        Assert.Equal(binary.CoBuyers, weighted.CoBuyers);
        Assert.Equal(binary.Score.Length, weighted.Score.Length);
        for (var n = 0; n < binary.Score.Length; n++)
        {
            Assert.Equal(binary.Score[n], weighted.Score[n], 5);
        }
    }

    [Fact]
    public void ItemCosine_WithAViewWeight_LearnsFromProductsViewedTogether()
    {
        // b and c are never bought together, but three shoppers looked at both.
        var shop = Shop(View("c1", "c"), View("v1", "b"), View("v1", "c"), View("v2", "b"), View("v2", "c"));

        var withViews = Fit.ItemCosine(shop, ("view_weight", "0.2"));
        var purchasesOnly = Fit.ItemCosine(shop);

        Assert.Contains("c", withViews.Similar("b", 5)!.Select(s => s.ProductId));
        Assert.DoesNotContain("c", purchasesOnly.Similar("b", 5)!.Select(s => s.ProductId));
        // c1 bought b, so c now scores for them; what they bought stays out of their answer.
        var answer = withViews.Recommend("c1", 3);
        Assert.Equal("c", answer[0].ProductId);
        Assert.True(answer[0].Score > 0);
        Assert.DoesNotContain(answer, r => r.ProductId is "a" or "b");
    }

    [Fact]
    public void ItemCosine_ByDefault_IgnoresEvents()
    {
        var events = Shop(View("c1", "c"), View("v1", "b"), View("v1", "c"), Cart("v2", "d"));
        var none = Shop();

        var withEvents = Fit.ItemCosine(events);
        var without = Fit.ItemCosine(none);

        foreach (var customer in new[] { "c1", "c2", "stranger" })
        {
            Assert.Equal(without.Recommend(customer, 4), withEvents.Recommend(customer, 4));
        }

        Assert.Equal(without.Similar("a", 4), withEvents.Similar("a", 4));
    }

    [Fact]
    public void Popularity_WithACartWeight_CountsCartAddsAsPartOfAPurchase()
    {
        // d was never bought, but three shoppers put it in their cart: 3 × 0.4 outweighs c's one buyer.
        var shop = Shop(Cart("v1", "d"), Cart("v2", "d"), Cart("v3", "d"));

        var ranked = Fit.Popularity(shop, ("cart_weight", "0.4")).Recommend("stranger", 4).Select(r => r.ProductId).ToList();

        Assert.Equal("d", ranked[0]);
        Assert.Equal("d", Fit.Popularity(shop).Recommend("stranger", 4).Select(r => r.ProductId).Last());
    }

    [Theory]
    [InlineData("view_weight", "1.5")]
    [InlineData("cart_weight", "-0.1")]
    [InlineData("half_life_days", "-1")]
    public void Hyperparameters_OutOfRange_AreRefused(string key, string value) =>
        Assert.ThrowsAny<Exception>(() => Fit.ItemCosine(Shop(), (key, value)));
}
