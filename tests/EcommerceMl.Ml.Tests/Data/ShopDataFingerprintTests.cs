using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Data;

public class ShopDataFingerprintTests
{
    private static readonly ShopData Shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 80, Products = 25, Categories = 5, Days = 90 });

    private static ShopData With(IReadOnlyList<Customer>? customers = null, IReadOnlyList<Order>? orders = null, IReadOnlyList<OrderItem>? items = null, string? name = null) =>
        new(name ?? Shop.Name, customers ?? Shop.Customers, Shop.Products, orders ?? Shop.Orders, items ?? Shop.OrderItems, Shop.Events);

    [Fact]
    public void Compute_IsDeterministic()
    {
        var first = ShopDataFingerprint.Compute(Shop);
        var second = ShopDataFingerprint.Compute(With());

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", first.Sha256);
    }

    [Fact]
    public void Compute_CountsRowsAndOrderTimeRange()
    {
        var fingerprint = ShopDataFingerprint.Compute(Shop);

        Assert.Equal(Shop.Orders.Count, fingerprint.Rows["orders"]);
        Assert.Equal(Shop.OrderItems.Count, fingerprint.Rows["order_items"]);
        Assert.Equal(Shop.Events.Count, fingerprint.Rows["events"]);
        Assert.Equal(Shop.Orders.Min(o => o.OrderedAt), fingerprint.From);
        Assert.Equal(Shop.Orders.Max(o => o.OrderedAt), fingerprint.To);
        Assert.Equal(SyntheticShop.SourceName, fingerprint.Source);
    }

    [Fact]
    public void Compute_IgnoresRowOrderAndSourceName()
    {
        var shuffled = With(orders: Shop.Orders.Reverse().ToList(), items: Shop.OrderItems.Reverse().ToList(), name: "/somewhere/else");

        Assert.Equal(ShopDataFingerprint.Compute(Shop).Sha256, ShopDataFingerprint.Compute(shuffled).Sha256);
    }

    [Fact]
    public void Compute_ChangesWhenARowChanges()
    {
        var items = Shop.OrderItems.ToList();
        items[7] = items[7] with { Quantity = items[7].Quantity + 1 };
        var customers = Shop.Customers.ToList();
        customers[3] = customers[3] with { Attributes = new Dictionary<string, string> { ["segment"] = "gold" } };
        var original = ShopDataFingerprint.Compute(Shop).Sha256;

        Assert.NotEqual(original, ShopDataFingerprint.Compute(With(items: items)).Sha256);
        Assert.NotEqual(original, ShopDataFingerprint.Compute(With(customers: customers)).Sha256);
        Assert.NotEqual(original, ShopDataFingerprint.Compute(With(orders: Shop.Orders.Skip(1).ToList())).Sha256);
    }
}
