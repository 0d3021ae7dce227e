using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Data;

public sealed class ShopDataWindowTests
{
    private static readonly DateTime Start = new(2026, 1, 1);

    /// <summary>Orders o0..o9 on days 0..9 (one line each), events on days 0..10, two customers, two products.</summary>
    private static ShopDataLoadResult TenDays()
    {
        var orders = Enumerable.Range(0, 10).Select(d => new Order($"o{d}", d % 2 == 0 ? "c1" : "c2", Start.AddDays(d).AddHours(9))).ToList();
        var lines = orders.Select(o => new OrderItem(o.OrderId, "p1", 1, 2.5)).ToList();
        var events = Enumerable.Range(0, 11).Select(d => new ShopEvent("c1", "p2", ShopEventType.View, Start.AddDays(d).AddHours(20))).ToList();
        return ShopDataLoadResult.Complete(new ShopData(
            "shop",
            [new Customer("c1", Start.AddYears(-1), "GB", false), new Customer("c2", Start.AddYears(-1), "DE", true)],
            [new Product("p1", "Beans", "coffee", 2.5), new Product("p2", "Mugs", "kitchen", 8)],
            orders,
            lines,
            events));
    }

    [Fact]
    public void LastDays_KeepsTheSearchesOfTheWindow()
    {
        var loaded = TenDays();
        var searches = Enumerable.Range(0, 11).Select(d => new ShopSearch($"s{d}", "c1", "mug", 2, Start.AddDays(d).AddHours(10), [new SearchedProduct("p2", SearchOutcome.View)])).ToList();
        var data = loaded.Data;
        loaded = loaded with { Data = new ShopData(data.Name, data.Customers, data.Products, data.Orders, data.OrderItems, data.Events) { Searches = searches } };

        var windowed = ShopDataWindow.LastDays(loaded, 3);

        Assert.Equal(["s8", "s9", "s10"], windowed.Data.Searches.Select(s => s.SessionId));
    }

    [Fact]
    public void LastDays_KeepsTheLastDaysOfOrdersLinesAndEvents_AndEveryCustomerAndProduct()
    {
        var windowed = ShopDataWindow.LastDays(TenDays(), 3);

        // The last dated row is the day-10 event, so the window is days 8..10.
        var data = windowed.Data;
        Assert.Equal(["o8", "o9"], data.Orders.Select(o => o.OrderId));
        Assert.Equal(["o8", "o9"], data.OrderItems.Select(i => i.OrderId));
        Assert.Equal(3, data.Events.Count);
        Assert.Equal(2, data.Customers.Count);
        Assert.Equal(2, data.Products.Count);
        Assert.Equal("shop (last 3 days: 2026-01-09..2026-01-11)", data.Name);
        Assert.Contains("window: the last 3 days from 2026-01-09; 8 earlier orders and 8 earlier events left out", windowed.Notes);
    }

    [Fact]
    public void LastDays_Zero_IsTheWholeData()
    {
        var loaded = TenDays();

        Assert.Same(loaded, ShopDataWindow.LastDays(loaded, 0));
    }

    [Fact]
    public void LastDays_LongerThanTheData_KeepsEveryRow()
    {
        var windowed = ShopDataWindow.LastDays(TenDays(), 365).Data;

        Assert.Equal(10, windowed.Orders.Count);
        Assert.Equal(11, windowed.Events.Count);
    }

    [Fact]
    public void LastDays_Negative_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShopDataWindow.LastDays(TenDays(), -1));
}
