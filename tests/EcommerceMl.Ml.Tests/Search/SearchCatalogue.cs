using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Tests.Search;

/// <summary>A small catalogue whose right answers are obvious, for the index tests.</summary>
internal static class SearchCatalogue
{
    public static IReadOnlyList<SearchDocument> Documents { get; } =
    [
        new("P1", "Blue Ceramic Table Lamp", "Lighting", "A table lamp with a blue glazed base.", "colour: blue; material: ceramic"),
        new("P2", "Navy Linen Throw Pillow", "Home Decor", "Soft linen cushion in deep navy.", "colour: navy"),
        new("P3", "White Candle Holder", "Home Decor", "Holds one pillar candle.", ""),
        new("P4", "Blush Velvet Throw Pillow", "Home Decor", "", "colour: pink"),
        new("P5", "Brass Desk Lamp", "Lighting", "An adjustable lamp for reading.", ""),
        new("P6", "Bluebell Scented Candles", "Beauty", "Three candles scented with bluebells.", ""),
        new("P7", "Lighting Starter Kit", "Lighting", "Bulbs and cables.", ""),
    ];

    public static ProductIndex Index() => ProductIndexBuilder.Build(Documents, Bm25Settings.Default);

    public static IReadOnlyList<string> Ids(SearchResult result) => [.. result.Hits.Select(h => h.ProductId)];
}
