using EcommerceMl.Ml.Search;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>A real bm25 model over a small catalogue, published beside the other test models as "search".</summary>
internal static class SearchModels
{
    public const string Search = "search";

    public static Bm25SearchModel Model() => new(ProductIndexBuilder.Build(
        [
            new("P1", "Blue Ceramic Table Lamp", "Lighting", "A table lamp with a blue glazed base.", "colour: blue"),
            new("P2", "Navy Linen Throw Pillow", "Home Decor", "Soft linen cushion in deep navy.", ""),
            new("P3", "Blush Velvet Throw Pillow", "Home Decor", "", ""),
            new("P4", "Brass Desk Lamp", "Lighting", "An adjustable lamp for reading.", ""),
            new("P5", "Bluebell Scented Candle", "Beauty", "", ""),
        ],
        Bm25Settings.Default));

    public static IReadOnlyList<ITaskPipeline> Pipelines() => [.. TestModels.Pipelines(), new SearchPipeline()];

    /// <summary>Every test model, and the search model.</summary>
    public static async Task<InMemoryModelStore> StoreAsync()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, Search, TestModels.V1, Model(), new Dictionary<string, double> { ["recall_at_10"] = 0.9 });
        return store;
    }

    public static async Task<TestServerHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = await TestServerHost.StartAsync(await StoreAsync(), settings, Pipelines());
        await host.WaitUntilReadyAsync();
        return host;
    }
}
