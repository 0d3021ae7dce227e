using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Dashboard;

namespace EcommerceMl.Inference.Tests.Dashboard;

public sealed class DailyActualsTests
{
    private static readonly DateOnly From = new(2026, 11, 1);
    private static readonly DateOnly To = new(2026, 11, 30);

    [Fact]
    public void Add_CountsADayInTheShopsTimeZone_NotInUtc()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var actuals = new DailyActuals(DailyActuals.Revenue, _ => true, berlin, From, To);

        actuals.Add(Purchase("late", new DateTimeOffset(2026, 11, 10, 23, 30, 0, TimeSpan.Zero), new PurchaseLine("p1", 3, 2.5m)));

        Assert.Equal([new DailyActual(new DateOnly(2026, 11, 11), 7.5)], actuals.Days());
    }

    [Fact]
    public void Add_SumsOnlyTheLinesInScope_AsUnitsOrRevenue()
    {
        var at = new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);
        var order = Purchase("o1", at, new PurchaseLine("p1", 2, 10m), new PurchaseLine("p2", 5, 1m));
        var v1 = Purchase("o2", at) with { SchemaVersion = EventSchema.V1, Lines = null, ProductId = "p1" };
        var units = new DailyActuals(DailyActuals.Units, p => p == "p1", TimeZoneInfo.Utc, From, To);
        var revenue = new DailyActuals(DailyActuals.Revenue, p => p == "p1", TimeZoneInfo.Utc, From, To);

        foreach (var e in new[] { order, v1 })
        {
            units.Add(e);
            revenue.Add(e);
        }

        Assert.Equal(3, units.Days().Single().Value);    // 2 in the order, 1 for the v1 purchase, none of p2
        Assert.Equal(20, revenue.Days().Single().Value); // a v1 purchase has no price: it adds no revenue
    }

    [Fact]
    public void Days_ListOnlyDaysWithEventsInTheRange()
    {
        var actuals = new DailyActuals(DailyActuals.Revenue, _ => true, TimeZoneInfo.Utc, From, To);

        actuals.Add(Purchase("view", new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero)) with { Type = EventSchema.PageView, Lines = null });
        actuals.Add(Purchase("before", new DateTimeOffset(2026, 10, 31, 9, 0, 0, TimeSpan.Zero), new PurchaseLine("p1", 1, 5m)));

        Assert.Equal([new DailyActual(new DateOnly(2026, 11, 3), 0)], actuals.Days());
    }

    private static ShopEventRecord Purchase(string id, DateTimeOffset at, params PurchaseLine[] lines) => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = EventSchema.Purchase,
        OccurredAt = at,
        ReceivedAt = at,
        OrderId = id,
        Lines = lines,
    };
}
