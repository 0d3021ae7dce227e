namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// What every recommender shares: the catalogue, customers' purchases, popularity fallback and the
/// file layout. An algorithm adds its scores (<see cref="Recommend"/>, <see cref="Similar"/>) and
/// its own file section (<see cref="WriteModel"/>).
/// </summary>
public abstract class CatalogRecommender(RecommenderCatalog catalog) : IRecommender
{
    /// <summary>Largest k a caller may ask for; bounds the work of one request.</summary>
    public const int MaxK = 1000;

    public RecommenderCatalog Catalog { get; } = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public string Task => ModelTask.Recommendation;

    public abstract string Algorithm { get; }

    public int ProductCount => Catalog.ProductCount;

    public bool KnowsCustomer(string customerId) => Catalog.CustomerIndex(customerId) >= 0;

    public ProductInfo? FindProduct(string productId) => Catalog.FindProduct(productId);

    public IReadOnlyList<string> PurchasedBy(string customerId) => Catalog.PurchasedBy(customerId);

    public IReadOnlyList<string> SampleCustomers(int count) => Catalog.SampleCustomers(count);

    public abstract IReadOnlyList<ScoredProduct> Recommend(string customerId, int k);

    /// <summary>
    /// <see cref="Recommend"/> for each of many customers (recommend-all: the batch outputs, the scale
    /// benchmark), in order, the same answers. On the calling thread: callers run blocks of customers
    /// in parallel. A model that scores a block of customers cheaper than one at a time (ALS) overrides it.
    /// </summary>
    public virtual IReadOnlyList<ScoredProduct>[] RecommendMany(IReadOnlyList<string> customerIds, int k)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        CheckK(k);
        var answers = new IReadOnlyList<ScoredProduct>[customerIds.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = Recommend(customerIds[i], k);
        }

        return answers;
    }

    public abstract IReadOnlyList<SimilarProduct>? Similar(string productId, int k);

    public void Save(Stream stream)
    {
        var writer = RecommenderFile.OpenWrite(stream, Algorithm);
        Catalog.Write(writer);
        WriteModel(writer);
        RecommenderFile.Close(writer);
    }

    /// <summary>The algorithm's own section of the file, after the catalogue.</summary>
    protected abstract void WriteModel(BinaryWriter writer);

    protected static void CheckK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);
    }

    /// <summary>The popularity ranking minus what the customer bought: the answer when nothing better is known.</summary>
    protected IReadOnlyList<ScoredProduct> MostPopularNotBought(string customerId, int k)
    {
        CheckK(k);
        var result = new List<ScoredProduct>(Math.Max(0, k));
        Catalog.FillByPopularity(result, Catalog.ItemsOf(Catalog.CustomerIndex(customerId)), k);
        return result;
    }

    /// <summary>The most popular other products of <paramref name="product"/>'s category, with their co-buyer counts.</summary>
    protected IReadOnlyList<SimilarProduct> MostPopularOfSameCategory(int product, int k)
    {
        CheckK(k);
        var category = Catalog.Products[product].Category;
        var result = new List<SimilarProduct>(Math.Max(0, k));
        foreach (var other in Catalog.PopularityOrder)
        {
            if (result.Count >= k)
            {
                break;
            }

            if (other != product && string.Equals(Catalog.Products[other].Category, category, StringComparison.Ordinal))
            {
                result.Add(new SimilarProduct(Catalog.Products[other].ProductId, Catalog.Popularity[other], Catalog.CoBuyers(product, other)));
            }
        }

        return result;
    }
}
