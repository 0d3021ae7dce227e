using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class TemporalSplitTests
{
    private static ShopData Shop()
    {
        var start = new DateTime(2026, 1, 1);
        var orders = Enumerable.Range(0, 60).Select(i => new Order($"o{i}", $"c{i % 5}", start.AddDays(i).AddHours(10))).ToList();
        var items = orders.SelectMany(o => new[] { new OrderItem(o.OrderId, "p1", 1, 2.0), new OrderItem(o.OrderId, "p2", 2, 3.0) }).ToList();
        return new ShopData("test", [], [new Product("p1", "One", "A", 2.0), new Product("p2", "Two", "B", 3.0)], orders, items, []);
    }

    [Fact]
    public void LastDays_HoldsOutExactlyTheLastCalendarDays()
    {
        var split = TemporalSplit.LastDays(Shop(), holdoutDays: 10);

        Assert.Equal(new DateTime(2026, 2, 20), split.Cutoff);
        Assert.Equal(50, split.Train.Orders.Count);
        Assert.Equal(10, split.Test.Orders.Count);
        Assert.All(split.Train.Orders, o => Assert.True(o.OrderedAt < split.Cutoff));
        Assert.All(split.Test.Orders, o => Assert.True(o.OrderedAt >= split.Cutoff));
    }

    [Fact]
    public void LastDays_NeverPutsAnOrderLineOnBothSides()
    {
        var split = TemporalSplit.LastDays(Shop(), holdoutDays: 7);

        var trainOrders = split.Train.OrderItems.Select(i => i.OrderId).ToHashSet();
        var testOrders = split.Test.OrderItems.Select(i => i.OrderId).ToHashSet();
        Assert.Empty(trainOrders.Intersect(testOrders));
        Assert.Equal(120, split.Train.OrderItems.Count + split.Test.OrderItems.Count);
        Assert.Equal(split.Train.OrderItems.Count, split.Train.Purchases.Count);
    }

    [Fact]
    public void LastDays_WhenShopHasNoOrders_SaysSo()
    {
        var empty = new ShopData("empty", [], [], [], [], []);

        var error = Assert.Throws<ArgumentException>(() => TemporalSplit.LastDays(empty, 7));
        Assert.Contains("no orders", error.Message, StringComparison.Ordinal);
    }
}
