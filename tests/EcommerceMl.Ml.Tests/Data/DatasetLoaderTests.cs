using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;

namespace EcommerceMl.Ml.Tests.Data;

/// <summary>Each loader against the real files in ../shared/data; counts come from each folder's README.</summary>
public class DatasetLoaderTests
{
    private static string Folder(string name)
    {
        var folder = DatasetLocator.TryLocate(name);
        if (folder is null)
        {
            Assert.Skip($"dataset '{name}' not found (looked for shared/data/{name} above the working and test directories, or in ${DatasetLocator.EnvironmentVariable}); this loader test needs the real files");
        }

        return folder;
    }

    [Fact]
    public void MovieLens_MapsUsersItemsAndEveryRating()
    {
        var result = MovieLensLoader.Load(Folder("ml-100k"));
        var data = result.Data;

        Assert.Equal(943, data.Customers.Count);
        Assert.Equal(1_682, data.Products.Count);
        Assert.Equal(100_000, data.Orders.Count);
        Assert.Equal(100_000, data.OrderItems.Count);
        Assert.Equal(0, data.OrderItems.Count(i => i.Quantity != 1));
        Assert.Equal(100_000, data.Purchases.Count);
        Assert.Equal(new DateTime(1997, 9, 20), data.Orders[0].OrderedAt.Date);
        Assert.Equal(new DateTime(1998, 4, 22), data.Orders[^1].OrderedAt.Date);

        var toyStory = data.Products.Single(p => p.ProductId == "1");
        Assert.Equal("Toy Story (1995)", toyStory.Name);
        Assert.Equal("Animation", toyStory.Category);
        Assert.Equal("technician", data.Customers.Single(c => c.CustomerId == "1").Attributes["occupation"]);
        Assert.Empty(result.Excluded);
    }

    [Fact]
    public void MovieLens_ReadsLatin1Titles()
    {
        var data = MovieLensLoader.Load(Folder("ml-100k")).Data;

        Assert.DoesNotContain(data.Products, p => p.Name.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Contains(data.Products, p => p.Name.Any(c => c > 127));
    }

    [Fact]
    public void OnlineRetail_KeepsPurchasesAndAccountsForEveryExcludedLine()
    {
        var result = OnlineRetailLoader.Load(Folder("online-retail"));
        var data = result.Data;

        // Every one of the README's 541,909 lines is either an order line or counted as excluded.
        Assert.Equal(541_909, data.OrderItems.Count + result.Excluded.Sum(e => e.Rows));
        Assert.Equal(9_288, result.Excluded.Single(e => e.Reason.StartsWith("cancellation", StringComparison.Ordinal)).Rows);
        Assert.Equal(3, result.Excluded.Single(e => e.Reason.StartsWith("bad-debt", StringComparison.Ordinal)).Rows);
        Assert.Equal(0, data.OrderItems.Count(i => i.Quantity <= 0 || i.UnitPrice <= 0));
        Assert.Equal(0, data.OrderItems.Count(i => OnlineRetailLoader.NonProductCodes.Contains(i.ProductId)));
        Assert.Equal(0, data.Orders.Count(o => o.OrderId.StartsWith('C') || o.OrderId.StartsWith('A')));

        var identified = data.Customers.Where(c => !c.Attributes.ContainsKey(OnlineRetailLoader.GuestAttribute)).ToList();
        Assert.InRange(identified.Count, 4_300, 4_372);
        Assert.All(identified, c => Assert.Matches("^[0-9]{5}$", c.CustomerId));
        Assert.All(data.Customers.Except(identified), c => Assert.StartsWith(OnlineRetailLoader.GuestPrefix, c.CustomerId, StringComparison.Ordinal));
        Assert.InRange(data.Orders.Count, 19_000, 25_900);
        Assert.InRange(data.Products.Count, 3_800, 4_070);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), data.Orders.Min(o => o.OrderedAt));
        Assert.Equal(new DateTime(2011, 12, 9, 12, 50, 0), data.Orders.Max(o => o.OrderedAt));
        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", data.Products.Single(p => p.ProductId == "85123A").Name);
        Assert.Equal(data.OrderItems.Count, data.Purchases.Count);
    }

    [Fact]
    public void TelcoChurn_MapsCustomersLabelsAndAttributes()
    {
        var data = TelcoChurnLoader.Load(Folder("telco-churn")).Data;

        Assert.Equal(7_043, data.Customers.Count);
        Assert.Equal(1_869, data.Customers.Count(c => c.Churned == true));
        Assert.Empty(data.Orders);
        var first = data.Customers[0];
        Assert.Equal("7590-VHVEG", first.CustomerId);
        Assert.Equal(TelcoChurnLoader.ObservedAt.AddMonths(-1), first.SignupAt);
        Assert.Equal("Month-to-month", first.Attributes["Contract"]);
        Assert.Equal(19, first.Attributes.Count);
        Assert.DoesNotContain(data.Customers, c => c.Attributes.ContainsKey("Churn"));
        Assert.Equal(11, data.Customers.Count(c => !c.Attributes.ContainsKey("TotalCharges")));
    }

    [Fact]
    public void PeytonManning_DailyRevenueReproducesTheSeries()
    {
        var data = PeytonManningLoader.Load(Folder("prophet-peyton-manning")).Data;

        Assert.Equal(2_905, data.Orders.Count);
        Assert.Equal(new DateTime(2007, 12, 10), data.Orders[0].OrderedAt);
        Assert.Equal(new DateTime(2016, 1, 20), data.Orders[^1].OrderedAt);
        Assert.Equal(9.59076113897809, data.Purchases[0].Revenue);
        Assert.Equal(2_905, data.Purchases.Select(p => p.OrderedAt.Date).Distinct().Count());
    }

    [Fact]
    public void ShopDataSources_LoadsADatasetByName()
    {
        Folder("prophet-peyton-manning");

        var data = ShopDataSources.Load("peyton-manning");

        Assert.Equal(PeytonManningLoader.DatasetName, data.Name);
        Assert.Single(data.Products);
    }
}
