using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>
/// UCI Online Retail from ../shared/data/online-retail (never copied into the repository), read with
/// the project's <see cref="OnlineRetailLoader"/> and cached for the test run (it takes seconds).
/// </summary>
internal static class OnlineRetailTestData
{
    private static readonly Lazy<ShopData?> Shop = new(() => Folder() is { } folder ? OnlineRetailLoader.Load(folder).Data : null);

    public const string SkipReason = "../shared/data/online-retail is absent (it is never copied into the repository); this test needs it.";

    public static string? Folder() => DatasetLocator.TryLocate(OnlineRetailLoader.DatasetName);

    /// <summary>
    /// The shop as loaded (cancellations, non-positive lines and non-product codes left out);
    /// without guests, orders of guest checkouts (no CustomerID) are dropped too.
    /// </summary>
    public static ShopData? Load(bool withGuests)
    {
        var shop = Shop.Value;
        if (shop is null || withGuests)
        {
            return shop;
        }

        var orders = shop.Orders.Where(o => !o.CustomerId.StartsWith(OnlineRetailLoader.GuestPrefix, StringComparison.Ordinal)).ToList();
        var kept = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return new ShopData(
            shop.Name,
            [.. shop.Customers.Where(c => !c.CustomerId.StartsWith(OnlineRetailLoader.GuestPrefix, StringComparison.Ordinal))],
            shop.Products,
            orders,
            [.. shop.OrderItems.Where(i => kept.Contains(i.OrderId))],
            shop.Events);
    }
}
