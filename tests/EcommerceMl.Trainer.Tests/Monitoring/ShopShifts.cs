using EcommerceMl.Ml.Data;

namespace EcommerceMl.Trainer.Tests.Monitoring;

/// <summary>Shifts stated plainly, applied to the orders from a point in time on (what `ecml simulate --shift` sends, as tables).</summary>
internal static class ShopShifts
{
    /// <summary>A new product range, never seen in training, takes <paramref name="share"/> of the order lines from <paramref name="from"/> on (every n-th line swapped).</summary>
    public static ShopData NewProductRange(ShopData shop, DateTime from, double share, int products = 20)
    {
        var newRange = Enumerable.Range(0, products).Select(i => new Product($"new-{i:00}", $"New range item {i}", "New range", 25 + i)).ToList();
        var late = shop.Orders.Where(o => o.OrderedAt >= from).Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var every = (int)Math.Round(1 / share);
        var counter = 0;
        var items = shop.OrderItems.Select(item =>
        {
            if (!late.Contains(item.OrderId) || counter++ % every != 0)
            {
                return item;
            }

            var product = newRange[counter % newRange.Count];
            return item with { ProductId = product.ProductId, UnitPrice = product.Price };
        }).ToList();
        return new ShopData(shop.Name, shop.Customers, [.. shop.Products, .. newRange], shop.Orders, items, shop.Events);
    }

    /// <summary>Every unit price multiplied by <paramref name="factor"/> from <paramref name="from"/> on.</summary>
    public static ShopData Prices(ShopData shop, DateTime from, double factor)
    {
        var late = shop.Orders.Where(o => o.OrderedAt >= from).Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var items = shop.OrderItems.Select(i => late.Contains(i.OrderId) ? i with { UnitPrice = i.UnitPrice * factor } : i).ToList();
        return new ShopData(shop.Name, shop.Customers, shop.Products, shop.Orders, items, shop.Events);
    }

    /// <summary>
    /// The orders from <paramref name="from"/> on, all moved to <paramref name="day"/> (each keeping its time of day): a
    /// source that stops, then one day of traffic much later — `make run`'s synthetic shop and today's simulated orders.
    /// </summary>
    public static ShopData OnOneDay(ShopData shop, DateTime from, DateTime day)
    {
        var orders = shop.Orders.Select(o => o.OrderedAt >= from ? o with { OrderedAt = day.Date + o.OrderedAt.TimeOfDay } : o).ToList();
        return new ShopData(shop.Name, shop.Customers, shop.Products, orders, shop.OrderItems, [.. shop.Events.Where(e => e.OccurredAt < from)]);
    }
}
