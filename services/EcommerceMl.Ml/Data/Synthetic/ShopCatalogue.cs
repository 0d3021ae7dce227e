namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>
/// A shop's products as the search-session generator looks at them: how often each sold (its popularity), its
/// category, and which products carry a word (of the name or the category) — a plain word index, which is what the
/// <c>resultCount</c> of a generated search counts and what the shopper's other views are drawn from.
/// </summary>
internal sealed class ShopCatalogue
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int[] Products, double[] Cumulative)> _byCategory = new(StringComparer.Ordinal);
    private readonly double[] _popularity;

    public ShopCatalogue(ShopData shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        Products = [.. shop.Products];
        _popularity = new double[Products.Length];
        for (var p = 0; p < Products.Length; p++)
        {
            _index.TryAdd(Products[p].ProductId, p);
            _popularity[p] = 1; // unsold products can still be found
            foreach (var word in ShopperQueries.Words(Products[p].Name).Concat(ShopperQueries.Words(Products[p].Category)).Distinct(StringComparer.Ordinal))
            {
                if (!_byWord.TryGetValue(word, out var products))
                {
                    _byWord[word] = products = [];
                }

                products.Add(p);
            }
        }

        foreach (var line in shop.OrderItems)
        {
            if (_index.TryGetValue(line.ProductId, out var p))
            {
                _popularity[p]++;
            }
        }

        foreach (var group in Enumerable.Range(0, Products.Length).GroupBy(p => Products[p].Category, StringComparer.Ordinal))
        {
            int[] members = [.. group];
            _byCategory[group.Key] = (members, SeededRandom.Cumulative([.. members.Select(p => _popularity[p])]));
        }
    }

    public Product[] Products { get; }

    /// <summary>Order lines the product appears on, plus one.</summary>
    public double Popularity(int product) => _popularity[product];

    /// <summary>The product's position, or -1 when the catalogue does not hold it.</summary>
    public int IndexOf(string productId) => _index.TryGetValue(productId, out var p) ? p : -1;

    public string CategoryOf(string productId) => IndexOf(productId) is var p and >= 0 ? Products[p].Category : "";

    /// <summary>A product of the category drawn by popularity; -1 for a category without products.</summary>
    public int PickInCategory(string category, SeededRandom random) =>
        _byCategory.TryGetValue(category, out var members) ? members.Products[random.Pick(members.Cumulative)] : -1;

    /// <summary>How many products carry at least one of the words (the last one may be unfinished: a prefix counts).</summary>
    public int CountMatching(IReadOnlyList<string> words)
    {
        var matched = new HashSet<int>();
        for (var w = 0; w < words.Count; w++)
        {
            if (_byWord.TryGetValue(words[w], out var products))
            {
                matched.UnionWith(products);
            }
            else if (w == words.Count - 1 && words[w].Length >= 3)
            {
                foreach (var (word, prefixed) in _byWord)
                {
                    if (word.StartsWith(words[w], StringComparison.Ordinal))
                    {
                        matched.UnionWith(prefixed);
                    }
                }
            }
        }

        return matched.Count;
    }

    /// <summary>Up to <paramref name="count"/> products carrying the most of the words, the more popular first, without <paramref name="except"/>.</summary>
    public List<int> Matching(IReadOnlyList<string> words, int count, int except)
    {
        var hits = new Dictionary<int, int>();
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            foreach (var p in _byWord.GetValueOrDefault(word) ?? [])
            {
                hits[p] = hits.GetValueOrDefault(p) + 1;
            }
        }

        hits.Remove(except);
        return [.. hits.OrderByDescending(h => h.Value).ThenByDescending(h => _popularity[h.Key]).ThenBy(h => h.Key).Take(count).Select(h => h.Key)];
    }
}
