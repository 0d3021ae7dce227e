namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>
/// The generated assortment: categories, products with names and prices, each product's
/// Zipf popularity weight, and the category affinity that drives co-purchases.
/// </summary>
internal sealed class SyntheticCatalog
{
    private SyntheticCatalog(string[] categories, Product[] products, int[] productCategory, double[][] productCumulativeByCategory, int[][] productsByCategory, double[][] affinity)
    {
        CategoryNames = categories;
        Products = products;
        ProductCategory = productCategory;
        ProductCumulativeByCategory = productCumulativeByCategory;
        ProductsByCategory = productsByCategory;
        Affinity = affinity;
        AffinityCumulative = Array.ConvertAll(affinity, row => SeededRandom.Cumulative(row));
    }

    public string[] CategoryNames { get; }

    public Product[] Products { get; }

    public int[] ProductCategory { get; }

    /// <summary>Per category: its products' popularity as a running sum, for weighted picks.</summary>
    public double[][] ProductCumulativeByCategory { get; }

    public int[][] ProductsByCategory { get; }

    /// <summary>How likely a basket holding category i also holds category j (rows unnormalised).</summary>
    public double[][] Affinity { get; }

    public double[][] AffinityCumulative { get; }

    public int PickProduct(SeededRandom random, int category) =>
        ProductsByCategory[category][random.Pick(ProductCumulativeByCategory[category])];

    public static SyntheticCatalog Create(SyntheticShopOptions options, SeededRandom random)
    {
        var words = CatalogWords.Categories;
        var categories = new string[options.Categories];
        for (var c = 0; c < categories.Length; c++)
        {
            var round = c / words.Length;
            categories[c] = round == 0 ? words[c].Category : $"{words[c % words.Length].Category} {round + 1}";
        }

        // Every category gets at least one product; the rest are spread at random.
        var productCategory = new int[options.Products];
        for (var p = 0; p < productCategory.Length; p++)
        {
            productCategory[p] = p < categories.Length ? p : random.Next(categories.Length);
        }

        // Popularity: a random rank per product, weight 1 / (rank + 1)^s.
        var rank = Enumerable.Range(0, options.Products).ToArray();
        Shuffle(rank, random);
        var weight = new double[options.Products];
        for (var p = 0; p < weight.Length; p++)
        {
            weight[p] = 1.0 / Math.Pow(rank[p] + 1, options.PopularityExponent);
        }

        var categoryPrice = new double[categories.Length];
        for (var c = 0; c < categoryPrice.Length; c++)
        {
            categoryPrice[c] = words[c % words.Length].BasePrice * Math.Exp(0.2 * random.Normal());
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var products = new Product[options.Products];
        for (var p = 0; p < products.Length; p++)
        {
            var c = productCategory[p];
            var name = UniqueName(words[c % words.Length].Nouns, names, random);
            var price = Math.Max(0.99, Math.Round(categoryPrice[c] * Math.Exp(0.45 * random.Normal())) - 0.01);
            products[p] = new Product($"P{p + 1:D4}", name, categories[c], Math.Round(price, 2));
        }

        var byCategory = new int[categories.Length][];
        var cumulative = new double[categories.Length][];
        for (var c = 0; c < categories.Length; c++)
        {
            var members = new List<int>();
            for (var p = 0; p < products.Length; p++)
            {
                if (productCategory[p] == c)
                {
                    members.Add(p);
                }
            }

            byCategory[c] = [.. members];
            cumulative[c] = SeededRandom.Cumulative(members.ConvertAll(p => weight[p]).ToArray());
        }

        return new SyntheticCatalog(categories, products, productCategory, cumulative, byCategory, RingAffinity(categories.Length));
    }

    /// <summary>Categories sit on a ring of related neighbours; affinity falls with ring distance.</summary>
    private static double[][] RingAffinity(int count)
    {
        var affinity = new double[count][];
        for (var i = 0; i < count; i++)
        {
            affinity[i] = new double[count];
            for (var j = 0; j < count; j++)
            {
                var d = Math.Abs(i - j);
                d = Math.Min(d, count - d);
                affinity[i][j] = d switch { 0 => 1.0, 1 => 0.45, 2 => 0.12, _ => 0.02 };
            }
        }

        return affinity;
    }

    private static string UniqueName(string[] nouns, HashSet<string> taken, SeededRandom random)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var noun = nouns[random.Next(nouns.Length)];
            var material = CatalogWords.Materials[random.Next(CatalogWords.Materials.Length)];
            var name = random.Chance(0.6)
                ? $"{CatalogWords.Styles[random.Next(CatalogWords.Styles.Length)]} {material} {noun}"
                : $"{material} {noun}";
            if (taken.Add(name))
            {
                return name;
            }
        }

        // Very large catalogues run out of word combinations; number the rest.
        var fallback = $"{CatalogWords.Materials[random.Next(CatalogWords.Materials.Length)]} {nouns[random.Next(nouns.Length)]}";
        for (var n = 2; ; n++)
        {
            var name = $"{fallback} No. {n}";
            if (taken.Add(name))
            {
                return name;
            }
        }
    }

    private static void Shuffle(int[] values, SeededRandom random)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
