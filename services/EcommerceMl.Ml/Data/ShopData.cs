namespace EcommerceMl.Ml.Data;

/// <summary>
/// A shop's five canonical tables, as read from one source. Immutable; the purchases join is
/// computed once on first use.
/// </summary>
public sealed class ShopData
{
    private IReadOnlyList<Purchase>? _purchases;

    public ShopData(
        string name,
        IReadOnlyList<Customer> customers,
        IReadOnlyList<Product> products,
        IReadOnlyList<Order> orders,
        IReadOnlyList<OrderItem> orderItems,
        IReadOnlyList<ShopEvent> events)
    {
        Name = name;
        Customers = customers;
        Products = products;
        Orders = orders;
        OrderItems = orderItems;
        Events = events;
    }

    /// <summary>Where the data came from ("synthetic", "online-retail", a folder path …).</summary>
    public string Name { get; }

    public IReadOnlyList<Customer> Customers { get; }

    public IReadOnlyList<Product> Products { get; }

    public IReadOnlyList<Order> Orders { get; }

    public IReadOnlyList<OrderItem> OrderItems { get; }

    public IReadOnlyList<ShopEvent> Events { get; }

    /// <summary>
    /// The searches shoppers made and what came of each (from the event sink's sessions, or the synthetic shop's), in
    /// time order; empty when the source has none. Not one of the five tables: only search rankers read it.
    /// </summary>
    public IReadOnlyList<ShopSearch> Searches { get; init; } = [];

    /// <summary>Order lines joined with their orders, in order-time order. Lines whose order is unknown are skipped.</summary>
    public IReadOnlyList<Purchase> Purchases => _purchases ??= JoinPurchases();

    private List<Purchase> JoinPurchases()
    {
        var ordersById = new Dictionary<string, Order>(Orders.Count, StringComparer.Ordinal);
        foreach (var order in Orders)
        {
            ordersById[order.OrderId] = order;
        }

        var purchases = new List<Purchase>(OrderItems.Count);
        foreach (var item in OrderItems)
        {
            if (ordersById.TryGetValue(item.OrderId, out var order))
            {
                purchases.Add(new Purchase(order.OrderId, order.CustomerId, item.ProductId, order.OrderedAt, item.Quantity, item.UnitPrice));
            }
        }

        purchases.Sort(static (a, b) => a.OrderedAt.CompareTo(b.OrderedAt));
        return purchases;
    }
}
