using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Trainer.Tests;

/// <summary>A synthetic shop small enough for a test, long enough for every task's held-out split.</summary>
internal static class SmallShop
{
    public static ShopData Data { get; } = SyntheticShop.Generate(new SyntheticShopOptions
    {
        Customers = 400,
        Products = 60,
        Categories = 6,
        Days = 240,
        Seed = 11,
    });

    public static ShopDataLoadResult Load(string spec) =>
        spec == "small" ? ShopDataLoadResult.Complete(Data) : ShopDataSources.LoadWithReport(spec);
}
