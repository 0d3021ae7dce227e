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
    /// without guests, guest checkouts (no CustomerID) and their orders are dropped too.
    /// </summary>
    public static ShopData? Load(bool withGuests) =>
        Shop.Value is { } shop && !withGuests ? GuestCheckouts.Remove(shop) : Shop.Value;
}
