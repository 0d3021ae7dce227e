using EcommerceMl.Ml.Data.Datasets;

namespace EcommerceMl.Ml.Data;

/// <summary>
/// Guest checkouts: orders without a customer account, which a loader keeps as one customer per
/// order with the attribute <c>guest=true</c> (online-retail's lines without a CustomerID). They
/// count in daily sales, but they are not people a recommender or a churn model can know.
/// </summary>
public static class GuestCheckouts
{
    /// <summary>The shop without guest checkouts and their orders, order lines and events.</summary>
    public static ShopData Remove(ShopData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var guests = data.Customers
            .Where(c => c.Attributes.TryGetValue(OnlineRetailLoader.GuestAttribute, out var flag) && string.Equals(flag, "true", StringComparison.Ordinal))
            .Select(c => c.CustomerId)
            .ToHashSet(StringComparer.Ordinal);
        if (guests.Count == 0)
        {
            return data;
        }

        var orders = data.Orders.Where(o => !guests.Contains(o.CustomerId)).ToList();
        var kept = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return new ShopData(
            data.Name,
            [.. data.Customers.Where(c => !guests.Contains(c.CustomerId))],
            data.Products,
            orders,
            [.. data.OrderItems.Where(i => kept.Contains(i.OrderId))],
            [.. data.Events.Where(e => !guests.Contains(e.CustomerId))]);
    }
}
