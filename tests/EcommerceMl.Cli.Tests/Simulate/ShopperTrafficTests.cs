using EcommerceMl.Cli.Simulate;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Cli.Tests.Simulate;

public sealed class ShopperTrafficTests
{
    internal static ShopData Shop { get; } = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 300, Products = 60, Categories = 6, Days = 200, Seed = 4 });

    private static List<PlannedSession> Sessions(bool shift, int seed = 1, int count = 2_000)
    {
        var traffic = new ShopperTraffic(Shop, shift, seed);
        return [.. Enumerable.Range(0, count).Select(_ => traffic.Next())];
    }

    private static double BasketValue(PlannedSession s) => s.Basket.Sum(l => l.Quantity * (double)l.UnitPrice);

    [Fact]
    public void Next_WithTheSameSeed_PlansTheSameSessions()
    {
        Assert.Equal(Sessions(false, seed: 9, count: 50).Select(Describe), Sessions(false, seed: 9, count: 50).Select(Describe));
        Assert.NotEqual(Sessions(false, seed: 9, count: 50).Select(Describe), Sessions(false, seed: 10, count: 50).Select(Describe));

        static string Describe(PlannedSession s) => $"{s.Shopper}:{string.Join(',', s.Basket)}:{string.Join(',', s.Browsed)}:{s.SearchQuery}:{s.ClickDraw}";
    }

    [Fact]
    public void Next_Unshifted_ServesTheShopsRecentCustomersFromItsCatalogue()
    {
        var sessions = Sessions(false);
        var recentFrom = Shop.Orders.Max(o => o.OrderedAt).Date.AddDays(1 - ShopperTraffic.RecentDays);
        var recentBuyers = Shop.Orders.Where(o => o.OrderedAt >= recentFrom).Select(o => o.CustomerId).ToHashSet();
        var catalogue = Shop.Products.ToDictionary(p => p.ProductId);

        Assert.All(sessions.Where(s => s.CustomerId is not null), s => Assert.Contains(s.CustomerId!, recentBuyers));
        Assert.All(sessions.SelectMany(s => s.Basket.Select(l => l.ProductId).Concat(s.Browsed)), id => Assert.True(catalogue.ContainsKey(id), id));
        Assert.DoesNotContain(sessions, s => s.Basket.Any(l => l.FromNewRange));
        // About one in ten shoppers is anonymous.
        Assert.InRange(sessions.Count(s => s.VisitorId is not null) / (double)sessions.Count, 0.07, 0.13);
    }

    [Fact]
    public void Next_Unshifted_ReplaysTheRecentOrdersMix_ToCustomersForWhomItIsNew()
    {
        var sessions = Sessions(false).Where(s => s.CustomerId is not null).ToList();
        var bought = Shop.Purchases.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.Select(p => p.ProductId).ToHashSet());
        var recentFrom = Shop.Orders.Max(o => o.OrderedAt).Date.AddDays(1 - ShopperTraffic.RecentDays);
        var recentBaskets = Shop.Purchases.Where(p => p.OrderedAt >= recentFrom).GroupBy(p => p.OrderId)
            .Select(o => string.Join(',', o.GroupBy(l => l.ProductId).Select(l => $"{l.Key}x{l.Sum(x => x.Quantity)}").Order()))
            .ToHashSet();

        var lines = sessions.SelectMany(s => s.Basket.Select(l => (s.CustomerId!, l.ProductId))).ToList();

        // The product mix, quantities and basket sizes are the recent orders' own: what the monitor's reference holds.
        Assert.All(sessions, s => Assert.Contains(string.Join(',', s.Basket.Select(l => $"{l.ProductId}x{l.Quantity}").Order()), recentBaskets));
        // A recommender leaves bought products out, so a replay by the customer who bought it could never be recommended.
        Assert.True(lines.Count(l => !bought[l.Item1].Contains(l.ProductId)) > 0.9 * lines.Count);
    }

    [Fact]
    public void Next_Shifted_LetsTheNewRangeTakeOverMostPurchasedLines_AndRaisesBasketValues()
    {
        var unshifted = Sessions(false);
        var shifted = Sessions(true);

        var lines = shifted.SelectMany(s => s.Basket).ToList();
        var newShare = lines.Count(l => l.FromNewRange) / (double)lines.Count;
        Assert.InRange(newShare, 0.7, 0.9);
        Assert.All(lines.Where(l => l.FromNewRange), l => Assert.StartsWith(ShopperTraffic.NewRangePrefix, l.ProductId, StringComparison.Ordinal));
        Assert.DoesNotContain(Shop.Products, p => p.ProductId.StartsWith(ShopperTraffic.NewRangePrefix, StringComparison.Ordinal));
        Assert.True(shifted.Average(BasketValue) > 2 * unshifted.Average(BasketValue), $"{shifted.Average(BasketValue)} vs {unshifted.Average(BasketValue)}");
    }

    [Fact]
    public void Create_ForAShopWithoutOrders_SaysSo()
    {
        var empty = new ShopData("empty", Shop.Customers, Shop.Products, [], [], []);

        var e = Assert.Throws<ArgumentException>(() => new ShopperTraffic(empty, false, 1));

        Assert.Contains("'empty' has no orders", e.Message, StringComparison.Ordinal);
    }
}
