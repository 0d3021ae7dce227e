using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Tests.Recommendation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class TemporalWindowSplitTests
{
    private static readonly ShopData Shop = TestShops.Build(
        [
            ("ann", "p1", 1), ("ann", "p2", 5), ("ann", "p3", 12), ("ann", "p1", 13), ("ann", "p4", 25),
            ("bob", "p2", 2), ("bob", "p4", 11),
            ("cat", "p3", 12), // only in the window: never seen in training
        ],
        [("p1", "x"), ("p2", "x"), ("p3", "y"), ("p4", "y")]);

    [Fact]
    public void Split_TestsDistinctWindowProductsOfCustomersSeenInTraining()
    {
        var split = TemporalWindowSplit.Split(Shop, TestShops.Start.AddDays(10), TestShops.Start.AddDays(20));

        Assert.Equal(["ann", "bob"], split.Test.Keys.Order(StringComparer.Ordinal));
        Assert.True(split.Test["ann"].SetEquals(["p1", "p3"])); // p1 is a repeat: kept, as the protocol says; p4 (day 25) is past the window
        Assert.True(split.Test["bob"].SetEquals(["p4"]));
        Assert.All(split.Train.Purchases, p => Assert.True(p.OrderedAt < TestShops.Start.AddDays(10)));
    }

    [Fact]
    public void Split_WhenTheWindowEndsBeforeItStarts_Refuses()
    {
        var error = Assert.Throws<ArgumentException>(() => TemporalWindowSplit.Split(Shop, TestShops.Start.AddDays(10), TestShops.Start.AddDays(5)));

        Assert.Contains("ends", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemporalProtocol_DropsGuestCheckouts()
    {
        var guest = new Customer("guest-1", TestShops.Start, "UK", false)
        {
            Attributes = new Dictionary<string, string> { [OnlineRetailLoader.GuestAttribute] = "true" },
        };
        var withGuest = new ShopData(
            Shop.Name,
            [.. Shop.Customers, guest],
            Shop.Products,
            [.. Shop.Orders, new Order("g1", "guest-1", TestShops.Start.AddDays(3))],
            [.. Shop.OrderItems, new OrderItem("g1", "p1", 1, 10)],
            []);

        var identified = GuestCheckouts.Remove(withGuest);

        Assert.DoesNotContain(identified.Purchases, p => p.CustomerId == "guest-1");
        Assert.Equal(Shop.Purchases.Count, identified.Purchases.Count);
    }

    [Fact]
    public void Protocols_WhenTheNameIsUnknown_ListTheAcceptedOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => RecommendationProtocols.Split(Shop, "leave-one-out", 1));

        Assert.Contains("random-75-25", error.Message, StringComparison.Ordinal);
    }
}
