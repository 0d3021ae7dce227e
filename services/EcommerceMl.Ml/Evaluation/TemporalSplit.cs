using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Splits a shop at a point in time: orders and events before the cutoff train, the rest is held
/// out. Customers and products (reference tables) are shared; no order line is on both sides.
/// </summary>
public sealed record TemporalSplit(ShopData Train, ShopData Test, DateTime Cutoff)
{
    /// <summary>Holds out the last <paramref name="holdoutDays"/> calendar days of orders.</summary>
    public static TemporalSplit LastDays(ShopData data, int holdoutDays)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(holdoutDays, 1);
        if (data.Orders.Count == 0)
        {
            throw new ArgumentException($"The shop '{data.Name}' has no orders to split.", nameof(data));
        }

        var lastDay = data.Orders.Max(o => o.OrderedAt).Date;
        return At(data, lastDay.AddDays(1 - holdoutDays));
    }

    /// <summary>Orders at or after <paramref name="cutoff"/> are held out.</summary>
    public static TemporalSplit At(ShopData data, DateTime cutoff)
    {
        ArgumentNullException.ThrowIfNull(data);
        var trainOrders = data.Orders.Where(o => o.OrderedAt < cutoff).ToList();
        var testOrders = data.Orders.Where(o => o.OrderedAt >= cutoff).ToList();
        var testOrderIds = testOrders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var trainItems = data.OrderItems.Where(i => !testOrderIds.Contains(i.OrderId)).ToList();
        var testItems = data.OrderItems.Where(i => testOrderIds.Contains(i.OrderId)).ToList();

        var train = new ShopData(data.Name, data.Customers, data.Products, trainOrders, trainItems,
            data.Events.Where(e => e.OccurredAt < cutoff).ToList());
        var test = new ShopData(data.Name, data.Customers, data.Products, testOrders, testItems,
            data.Events.Where(e => e.OccurredAt >= cutoff).ToList());
        return new TemporalSplit(train, test, cutoff);
    }
}
