using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Data;

public class ShopCsvWriterTests
{
    [Fact]
    public void WriteThenRead_SyntheticShop_GivesEqualTables()
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 150, Products = 40, Categories = 5, Days = 120, Seed = 3 });
        using var folder = new TempFolder();

        ShopCsvWriter.Write(shop, folder.Path);
        var read = ShopCsvReader.Read(folder.Path);

        Assert.Equal(shop.Customers, read.Customers);
        Assert.Equal(shop.Products, read.Products);
        Assert.Equal(shop.Orders, read.Orders);
        Assert.Equal(shop.OrderItems, read.OrderItems);
        Assert.Equal(shop.Events, read.Events);
        Assert.Equal(ShopDataFingerprint.Compute(shop).Sha256, ShopDataFingerprint.Compute(read).Sha256);
    }

    [Fact]
    public void WriteThenRead_AwkwardTextAttributesLabelsAndFractionalTimes_RoundTrip()
    {
        var customers = new List<Customer>
        {
            new("c,1", new DateTime(2026, 1, 1, 8, 0, 0, 250), "Côte d'Ivoire", true)
            {
                Churned = true,
                Attributes = new Dictionary<string, string> { ["note"] = "said \"hi\",\nthen left", ["segment"] = "gold" },
            },
            new("c2", new DateTime(2026, 1, 2), "UK", false) { Attributes = new Dictionary<string, string> { ["segment"] = " spaced " } },
        };
        var products = new List<Product> { new("p\"1", "Mug, \"large\"", "Kitchen\nware", 0.1 + 0.2) };
        var orders = new List<Order> { new("o1", "c,1", new DateTime(2026, 2, 1, 9, 30, 15)) };
        var items = new List<OrderItem> { new("o1", "p\"1", 3, 1e-7) };
        var shop = new ShopData("test", customers, products, orders, items, [new ShopEvent("c2", "p\"1", ShopEventType.AddToCart, new DateTime(2026, 2, 1))]);
        using var folder = new TempFolder();

        ShopCsvWriter.Write(shop, folder.Path);
        var read = ShopCsvReader.Read(folder.Path);

        Assert.Equal(shop.Products, read.Products);
        Assert.Equal(shop.OrderItems, read.OrderItems);
        Assert.Equal(shop.Events, read.Events);
        Assert.Equal(customers[0].SignupAt, read.Customers[0].SignupAt);
        Assert.Equal(true, read.Customers[0].Churned);
        Assert.Null(read.Customers[1].Churned);
        Assert.Equal(customers[0].Attributes, read.Customers[0].Attributes);
        Assert.Equal(customers[1].Attributes, read.Customers[1].Attributes);
    }

    [Fact]
    public void WriteThenRead_ProductDescriptionsAndAttributes_RoundTrip_AndCountInTheFingerprint()
    {
        var products = new List<Product>
        {
            new("p1", "Mug", "Kitchen", 5) { Description = "Holds a pint, \"generously\"", Attributes = new Dictionary<string, string> { ["colour"] = "teal", ["size"] = "L" } },
            new("p2", "Plate", "Kitchen", 4) { Attributes = new Dictionary<string, string> { ["colour"] = "white" } },
        };
        var shop = new ShopData("test", [], products, [], [], []);
        using var folder = new TempFolder();

        ShopCsvWriter.Write(shop, folder.Path);
        var read = ShopCsvReader.Read(folder.Path);

        Assert.Equal(products[0].Description, read.Products[0].Description);
        Assert.Equal("", read.Products[1].Description);
        Assert.Equal(products[0].Attributes, read.Products[0].Attributes);
        Assert.Equal(products[1].Attributes, read.Products[1].Attributes);
        var plain = new ShopData("test", [], [.. products.Select(p => new Product(p.ProductId, p.Name, p.Category, p.Price))], [], [], []);
        Assert.NotEqual(ShopDataFingerprint.Compute(plain).Sha256, ShopDataFingerprint.Compute(read).Sha256);
    }
}
