using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Postgres.Tests;

/// <summary>Small seeded shops: big enough for every task's held-out split, small enough to load in a blink.</summary>
internal static class TestShops
{
    public static SyntheticShopOptions Options { get; } = new()
    {
        Customers = 300,
        Products = 50,
        Days = 240,
        Seed = 11,
    };

    public static ShopData Small { get; } = SyntheticShop.Generate(Options);

    /// <summary>The same options as `ecml db load --from synthetic` flags.</summary>
    public static string[] LoadArguments(string url) =>
    [
        "db", "load", "--db", url, "--from", "synthetic",
        "--customers", "300", "--products", "50", "--days", "240", "--seed", "11",
    ];
}
