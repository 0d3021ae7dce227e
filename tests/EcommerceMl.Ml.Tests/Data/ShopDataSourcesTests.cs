using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Data;

public class ShopDataSourcesTests
{
    private static readonly SyntheticShopOptions Tiny = new() { Customers = 50, Products = 20, Categories = 4, Days = 60 };

    [Fact]
    public void Load_Synthetic_UsesTheGivenOptions()
    {
        var data = ShopDataSources.Load("synthetic", new ShopDataLoadOptions { Synthetic = Tiny });

        Assert.Equal(SyntheticShop.SourceName, data.Name);
        Assert.Equal(50, data.Customers.Count);
    }

    [Fact]
    public void Load_EmptySpec_MeansSynthetic()
    {
        Assert.Equal(SyntheticShop.SourceName, ShopDataSources.Load("", new ShopDataLoadOptions { Synthetic = Tiny }).Name);
    }

    [Fact]
    public void Load_Folder_ReadsCanonicalCsvs()
    {
        var shop = SyntheticShop.Generate(Tiny);
        using var folder = new TempFolder();
        ShopCsvWriter.Write(shop, folder.Path);

        var data = ShopDataSources.Load(folder.Path);

        Assert.Equal(shop.OrderItems.Count, data.OrderItems.Count);
    }

    [Fact]
    public void LoadWithReport_FolderWithBadRows_ReportsWhatWasSkipped()
    {
        var shop = SyntheticShop.Generate(Tiny);
        using var folder = new TempFolder();
        ShopCsvWriter.Write(shop, folder.Path);
        File.AppendAllText(Path.Combine(folder.Path, ShopCsvFormat.OrderItemsFile), "nope,P0001,1,2.5\n");

        Assert.Throws<ShopDataValidationException>(() => ShopDataSources.Load(folder.Path));
        var result = ShopDataSources.LoadWithReport(folder.Path, new ShopDataLoadOptions { SkipInvalidRows = true });

        var skipped = Assert.Single(result.Excluded);
        Assert.Contains("order_id 'nope' does not match any row in orders.csv", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(shop.OrderItems.Count, result.Data.OrderItems.Count);
    }

    [Fact]
    public void Load_UnknownSpec_SaysWhatIsAccepted()
    {
        var error = Assert.Throws<ArgumentException>(() => ShopDataSources.Load("no-such-source-xyz"));

        Assert.Contains("'no-such-source-xyz'", error.Message, StringComparison.Ordinal);
        Assert.Contains("synthetic", error.Message, StringComparison.Ordinal);
        Assert.Contains("online-retail", error.Message, StringComparison.Ordinal);
        Assert.Contains("customers.csv", error.Message, StringComparison.Ordinal);
    }
}
