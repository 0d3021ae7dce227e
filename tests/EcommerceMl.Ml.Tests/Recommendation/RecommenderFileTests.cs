using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class RecommenderFileTests
{
    public static TheoryData<string> Algorithms => [ItemCosineRecommender.Name, PopularityRecommender.Name, EaseRecommender.Name, AlsRecommender.Name];

    private static CatalogRecommender Model(string algorithm)
    {
        var shop = TestShops.Random(seed: 21, customerCount: 40, productCount: 18, density: 0.25);
        return algorithm switch
        {
            ItemCosineRecommender.Name => Fit.ItemCosine(shop, ("neighbors", "5"), ("shrinkage", "1.5")),
            EaseRecommender.Name => Fit.Ease(shop, ("lambda", "10")),
            AlsRecommender.Name => Fit.Als(shop, ("factors", "6"), ("iterations", "3")),
            _ => Fit.Popularity(shop),
        };
    }

    private static byte[] Bytes(CatalogRecommender model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static CatalogRecommender Load(string algorithm, byte[] bytes) =>
        RecommendationPipeline.LoadRecommender(algorithm, new MemoryStream(bytes));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SaveThenLoad_GivesIdenticalAnswers(string algorithm)
    {
        var model = Model(algorithm);

        var loaded = Load(algorithm, Bytes(model));

        Assert.Equal(algorithm, loaded.Algorithm);
        Assert.Equal(model.ProductCount, loaded.ProductCount);
        Assert.Equal(model.SampleCustomers(100), loaded.SampleCustomers(100));
        foreach (var customer in model.Catalog.Customers.Append("unknown-customer"))
        {
            Assert.Equal(model.Recommend(customer, 10), loaded.Recommend(customer, 10));
            Assert.Equal(model.PurchasedBy(customer), loaded.PurchasedBy(customer));
        }

        foreach (var product in model.Catalog.Products)
        {
            Assert.Equal(product, loaded.FindProduct(product.ProductId));
            Assert.Equal(model.Similar(product.ProductId, 10), loaded.Similar(product.ProductId, 10));
        }
    }

    [Fact]
    public void Load_ThroughThePipeline_ReturnsTheModel()
    {
        var bytes = Bytes(Model(ItemCosineRecommender.Name));

        var loaded = new RecommendationPipeline().Load(ItemCosineRecommender.Name, new MemoryStream(bytes));

        Assert.IsType<ItemCosineRecommender>(loaded);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Load_WhenTruncatedAnywhere_Refuses(string algorithm)
    {
        var bytes = Bytes(Model(algorithm));

        for (var length = 0; length < bytes.Length; length += Math.Max(1, length / 50))
        {
            var error = Assert.Throws<InvalidDataException>(() => Load(algorithm, bytes[..length]));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void Load_WhenNotAModelFile_SaysSo()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(PopularityRecommender.Name, "{\"model\": \"json\"}"u8.ToArray()));

        Assert.Contains("ECMLREC1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenFormatVersionIsNewer_SaysWhichVersions()
    {
        var bytes = Bytes(Model(PopularityRecommender.Name));
        BitConverter.GetBytes(RecommenderFile.FormatVersion + 1).CopyTo(bytes, 8);

        var error = Assert.Throws<InvalidDataException>(() => Load(PopularityRecommender.Name, bytes));

        Assert.Contains($"version {RecommenderFile.FormatVersion + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenFileHoldsAnotherAlgorithm_Refuses()
    {
        var bytes = Bytes(Model(PopularityRecommender.Name));

        var error = Assert.Throws<InvalidDataException>(() => Load(ItemCosineRecommender.Name, bytes));

        Assert.Contains("'popularity'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenANeighbourIndexIsOutOfRange_Refuses()
    {
        var model = (ItemCosineRecommender)Model(ItemCosineRecommender.Name);
        var bytes = Bytes(model);

        // The neighbour section starts right after the catalogue: its length, then the first neighbour index.
        using var catalogueOnly = new MemoryStream();
        using (var writer = new BinaryWriter(catalogueOnly, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("ECMLREC1"u8);
            writer.Write(RecommenderFile.FormatVersion);
            BinaryStrings.Write(writer, model.Algorithm);
            model.Catalog.Write(writer);
        }

        BitConverter.GetBytes(model.ProductCount + 7).CopyTo(bytes, (int)catalogueOnly.Length + sizeof(int));

        var error = Assert.Throws<InvalidDataException>(() => Load(ItemCosineRecommender.Name, bytes));
        Assert.Contains("neighbour products", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenTrailingBytesAreNotTheEndMarker_Refuses()
    {
        var bytes = Bytes(Model(PopularityRecommender.Name));
        bytes[^1] ^= 0xFF;

        Assert.Throws<InvalidDataException>(() => Load(PopularityRecommender.Name, bytes));
    }
}
