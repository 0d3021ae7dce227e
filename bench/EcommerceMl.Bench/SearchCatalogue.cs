using System.Globalization;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Bench;

/// <summary>
/// A seeded catalogue of any size for the search benchmarks, shaped like a real shop's: names "{style} {material}
/// {noun}" from the synthetic shop's word lists plus a brand (one of n/50 made-up words, so the vocabulary grows
/// with the catalogue as a real one does), a one-to-two-sentence description, and colour, material and size
/// attributes. <c>search-catalogue</c> writes it as canonical CSVs (no customers or orders) for <c>ecml train</c>.
/// </summary>
internal static class SearchCatalogue
{
    private static readonly string[] Adjectives =
    [
        "soft", "sturdy", "handmade", "lightweight", "durable", "elegant", "compact", "washable", "reusable", "cosy",
        "modern", "traditional", "hand-painted", "glazed", "brushed", "polished", "padded", "stackable", "foldable", "waterproof",
    ];

    private static readonly string[] Uses =
    [
        "everyday use", "gifting", "the kitchen", "the garden", "a reading nook", "picnics", "the nursery", "holidays",
        "the office", "dinner parties", "a child's room", "the bathroom", "camping trips", "a cosy evening",
    ];

    private static readonly string[] Sizes = ["small", "medium", "large", "extra large"];

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ren", "sta", "vo", "nel", "tra", "dor", "fi", "bru", "zel", "qua", "ph", "ix", "an", "or", "el"];

    public static List<Product> Products(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var brands = Enumerable.Range(0, Math.Max(20, count / 50)).Select(_ => Brand(random)).Distinct(StringComparer.Ordinal).ToArray();
        var categories = CatalogWords.Categories;
        var products = new List<Product>(count);
        for (var p = 0; p < count; p++)
        {
            var (category, nouns, basePrice) = categories[random.Next(categories.Length)];
            var noun = nouns[random.Next(nouns.Length)];
            var material = CatalogWords.Materials[random.Next(CatalogWords.Materials.Length)];
            var style = CatalogWords.Styles[random.Next(CatalogWords.Styles.Length)];
            var brand = brands[random.Next(brands.Length)];
            var name = $"{brand} {style} {material} {noun}";
            var description = $"A {Adjectives[random.Next(Adjectives.Length)]} {material.ToLowerInvariant()} {noun.ToLowerInvariant()} for {Uses[random.Next(Uses.Length)]}."
                + (random.Chance(0.5) ? $" {Capital(Adjectives[random.Next(Adjectives.Length)])} and {Adjectives[random.Next(Adjectives.Length)]}, by {brand}." : "");
            var price = Math.Round(basePrice * Math.Exp(0.45 * random.Normal()), 2);
            products.Add(new Product($"S{p + 1:D6}", name, category, Math.Max(0.99, price))
            {
                Description = description,
                Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["colour"] = style,
                    ["material"] = material,
                    ["size"] = Sizes[random.Next(Sizes.Length)],
                },
            });
        }

        return products;
    }

    public static List<SearchDocument> Documents(int count, int seed) => [.. Products(count, seed).Select(SearchDocument.From)];

    /// <summary>The catalogue as a shop folder of canonical CSVs: products only.</summary>
    public static int Write(int count, string folder)
    {
        ShopCsvWriter.Write(new ShopData($"search catalogue of {count}", [], Products(count, 42), [], [], []), folder);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count} products to {folder}"));
        return 0;
    }

    private static string Brand(SeededRandom random)
    {
        var parts = random.Next(2, 4);
        var word = string.Concat(Enumerable.Range(0, parts).Select(_ => Syllables[random.Next(Syllables.Length)]));
        return Capital(word);
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
