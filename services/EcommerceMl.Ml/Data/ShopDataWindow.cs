namespace EcommerceMl.Ml.Data;

/// <summary>
/// "Train on the last N days": the orders (with their lines), events and searches of the last <c>days</c> calendar days of
/// the data, counted back from its last order or event, so a window over a stale export still holds data. Customers
/// and products are kept whole — they are the catalogue and the customer base, not activity — and the rows keep
/// their order. The window is part of the data's name, so the manifest's fingerprint says what was trained on.
/// </summary>
public static class ShopDataWindow
{
    /// <summary>The whole data when <paramref name="days"/> is 0 or the data has no dated rows; a window otherwise.</summary>
    public static ShopDataLoadResult LastDays(ShopDataLoadResult loaded, int days)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var data = loaded.Data;
        if (days == 0 || LastDay(data) is not { } last)
        {
            return loaded;
        }

        var from = last.AddDays(1 - days);
        var orders = data.Orders.Where(o => o.OrderedAt >= from).ToList();
        var kept = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var windowed = new ShopData(
            $"{data.Name} (last {days} days: {from:yyyy-MM-dd}..{last:yyyy-MM-dd})",
            data.Customers,
            data.Products,
            orders,
            [.. data.OrderItems.Where(i => kept.Contains(i.OrderId))],
            [.. data.Events.Where(e => e.OccurredAt >= from)])
        {
            Searches = [.. data.Searches.Where(s => s.SearchedAt >= from)],
        };
        var left = data.Orders.Count - orders.Count;
        return loaded with
        {
            Data = windowed,
            Notes = [.. loaded.Notes, $"window: the last {days} days from {from:yyyy-MM-dd}; {left:N0} earlier orders and {data.Events.Count - windowed.Events.Count:N0} earlier events left out"],
        };
    }

    /// <summary>The calendar day of the latest order or event; null when there is none.</summary>
    private static DateTime? LastDay(ShopData data)
    {
        DateTime? last = null;
        foreach (var order in data.Orders)
        {
            last = last is { } l && l >= order.OrderedAt ? l : order.OrderedAt;
        }

        foreach (var e in data.Events)
        {
            last = last is { } l && l >= e.OccurredAt ? l : e.OccurredAt;
        }

        return last?.Date;
    }
}
