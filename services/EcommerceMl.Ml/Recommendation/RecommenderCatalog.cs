namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// What every recommender carries besides its own scores: the products (catalogue), each known
/// customer's purchased products (to remove them and to answer <see cref="IRecommender.PurchasedBy"/>),
/// and a popularity ranking (the cold-start answer and the tie-breaker). Immutable once built.
/// </summary>
public sealed class RecommenderCatalog
{
    private readonly Dictionary<string, int> _productIndex;
    private readonly Dictionary<string, int> _customerIndex;
    private readonly int[] _customerOffsets;
    private readonly int[] _customerItems;
    private readonly float[] _popularity;
    private readonly int[] _popularityOrder;
    private readonly int[] _popularityRank;
    private readonly int[] _customersByActivity;
    private readonly Lazy<(int[] Offsets, int[] Customers)> _buyers;

    /// <param name="popularity">Score per product; higher is more popular. Ties rank by catalogue position.</param>
    public RecommenderCatalog(ProductInfo[] products, string[] customers, int[] customerOffsets, int[] customerItems, float[] popularity)
    {
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(popularity);
        Products = products;
        Customers = customers;
        _customerOffsets = customerOffsets;
        _customerItems = customerItems;
        _popularity = popularity;
        _productIndex = IndexOf(products.Select(p => p.ProductId), "product");
        _customerIndex = IndexOf(customers, "customer");

        _popularityOrder = [.. Enumerable.Range(0, products.Length).OrderByDescending(i => popularity[i]).ThenBy(i => i)];
        _popularityRank = new int[products.Length];
        for (var rank = 0; rank < _popularityOrder.Length; rank++)
        {
            _popularityRank[_popularityOrder[rank]] = rank;
        }

        // "Most active" = most distinct products bought; ties by first purchase.
        _buyers = new Lazy<(int[] Offsets, int[] Customers)>(Transpose);
        _customersByActivity = [.. Enumerable.Range(0, customers.Length).OrderByDescending(u => customerOffsets[u + 1] - customerOffsets[u]).ThenBy(u => u)];
    }

    public static RecommenderCatalog FromInteractions(InteractionData data, float[] popularity)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new RecommenderCatalog(data.Products, data.Customers, data.CustomerOffsets, data.CustomerItems, popularity);
    }

    public ProductInfo[] Products { get; }

    public string[] Customers { get; }

    public int ProductCount => Products.Length;

    public ReadOnlySpan<float> Popularity => _popularity;

    /// <summary>Product indices, most popular first.</summary>
    public ReadOnlySpan<int> PopularityOrder => _popularityOrder;

    /// <summary>0-based popularity rank per product index: the tie-breaker of dense rankings.</summary>
    internal ReadOnlySpan<int> PopularityRanks => _popularityRank;

    /// <summary>0-based popularity rank of a product index (0 = most popular).</summary>
    public int PopularityRank(int product) => _popularityRank[product];

    public int ProductIndex(string productId) => _productIndex.GetValueOrDefault(productId, -1);

    public int CustomerIndex(string customerId) => _customerIndex.GetValueOrDefault(customerId, -1);

    /// <summary>The customer's purchased product indices, ascending (empty for -1).</summary>
    public ReadOnlySpan<int> ItemsOf(int customer) => customer < 0
        ? []
        : _customerItems.AsSpan(_customerOffsets[customer], _customerOffsets[customer + 1] - _customerOffsets[customer]);

    public IReadOnlyList<string> PurchasedBy(string customerId)
    {
        var items = ItemsOf(CustomerIndex(customerId));
        var ids = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            ids[i] = Products[items[i]].ProductId;
        }

        return ids;
    }

    public IReadOnlyList<string> SampleCustomers(int count) =>
        [.. _customersByActivity.Take(Math.Max(0, count)).Select(u => Customers[u])];

    public ProductInfo? FindProduct(string productId)
    {
        var index = ProductIndex(productId);
        return index < 0 ? null : Products[index];
    }

    /// <summary>
    /// Appends to <paramref name="into"/> the most popular products that are neither in
    /// <paramref name="bought"/> (ascending) nor already chosen, until it holds <paramref name="k"/>.
    /// </summary>
    public void FillByPopularity(List<ScoredProduct> into, ReadOnlySpan<int> bought, int k, Func<int, bool>? alreadyChosen = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var product in _popularityOrder)
        {
            if (into.Count >= k)
            {
                return;
            }

            if (bought.BinarySearch(product) < 0 && (alreadyChosen is null || !alreadyChosen(product)))
            {
                into.Add(new ScoredProduct(Products[product].ProductId, _popularity[product]));
            }
        }
    }

    /// <summary>Customers who bought both products, by merging the two sorted buyer lists.</summary>
    public int CoBuyers(int a, int b)
    {
        var (offsets, buyers) = _buyers.Value;
        var x = buyers.AsSpan(offsets[a], offsets[a + 1] - offsets[a]);
        var y = buyers.AsSpan(offsets[b], offsets[b + 1] - offsets[b]);
        int i = 0, j = 0, both = 0;
        while (i < x.Length && j < y.Length)
        {
            var order = x[i].CompareTo(y[j]);
            both += order == 0 ? 1 : 0;
            i += order <= 0 ? 1 : 0;
            j += order >= 0 ? 1 : 0;
        }

        return both;
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Products.Length);
        foreach (var product in Products)
        {
            BinaryStrings.Write(writer, product.ProductId);
            BinaryStrings.Write(writer, product.Name);
            BinaryStrings.Write(writer, product.Category);
            writer.Write(product.Price);
        }

        BinaryArrays.Write<float>(writer, _popularity);
        BinaryStrings.WriteAll(writer, Customers);

        BinaryArrays.Write<int>(writer, _customerItems);
        BinaryArrays.Write<int>(writer, _customerOffsets);
    }

    internal static RecommenderCatalog Read(SafeReader reader)
    {
        var productCount = reader.ReadCount("product count");
        var products = new ProductInfo[productCount];
        for (var i = 0; i < productCount; i++)
        {
            products[i] = new ProductInfo(
                reader.ReadString("product id"), reader.ReadString("product name"), reader.ReadString("product category"), reader.ReadDouble("product price"));
        }

        var popularity = reader.ReadArray<float>("popularity scores", productCount);
        var customers = reader.ReadStrings("customer ids");
        var customerCount = customers.Length;

        var items = reader.ReadIndices("customer purchases", productCount);
        var offsetArray = reader.ReadOffsets("customer purchase offsets", customerCount, items.Length);
        for (var u = 0; u < customerCount; u++)
        {
            for (var p = offsetArray[u] + 1; p < offsetArray[u + 1]; p++)
            {
                if (items[p] <= items[p - 1])
                {
                    throw reader.Malformed($"the purchases of customer '{customers[u]}' are not distinct and ascending");
                }
            }
        }

        try
        {
            return new RecommenderCatalog(products, customers, offsetArray, items, popularity);
        }
        catch (ArgumentException error)
        {
            throw reader.Malformed(error.Message.TrimEnd('.'));
        }
    }

    private static Dictionary<string, int> IndexOf(IEnumerable<string> ids, string what)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!index.TryAdd(id, index.Count))
            {
                throw new ArgumentException($"The {what} id '{id}' appears twice in the model's catalogue.");
            }
        }

        return index;
    }

    private (int[] Offsets, int[] Customers) Transpose()
    {
        var offsets = new int[ProductCount + 1];
        foreach (var item in _customerItems)
        {
            offsets[item + 1]++;
        }

        for (var i = 0; i < ProductCount; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var buyers = new int[_customerItems.Length];
        for (var u = 0; u < Customers.Length; u++)
        {
            foreach (var item in ItemsOf(u))
            {
                buyers[next[item]++] = u;
            }
        }

        return (offsets, buyers);
    }
}
