namespace EcommerceMl.Ml.Recommendation;

/// <summary>A trained recommendation model, self-contained: it carries the catalogue it recommends from.</summary>
public interface IRecommender : ITrainedModel
{
    /// <summary>Number of products the model can recommend.</summary>
    int ProductCount { get; }

    bool KnowsCustomer(string customerId);

    /// <summary>
    /// Top-<paramref name="k"/> products for a customer, best first, products they already bought
    /// removed. A customer the model never saw gets the popularity ranking, never random items.
    /// </summary>
    IReadOnlyList<ScoredProduct> Recommend(string customerId, int k);

    /// <summary>
    /// Top-<paramref name="k"/> products similar to a product, best first, with how many customers
    /// bought both. Null when the product is unknown.
    /// </summary>
    IReadOnlyList<SimilarProduct>? Similar(string productId, int k);

    /// <summary>The product's catalogue entry (name, category, price), or null when unknown.</summary>
    ProductInfo? FindProduct(string productId);

    /// <summary>Products the customer bought in the data the model was trained on (empty when unknown).</summary>
    IReadOnlyList<string> PurchasedBy(string customerId);

    /// <summary>Some customer ids the model knows, most active first — for examples and the dashboard.</summary>
    IReadOnlyList<string> SampleCustomers(int count);
}

public sealed record ProductInfo(string ProductId, string Name, string Category, double Price);

public sealed record ScoredProduct(string ProductId, double Score);

public sealed record SimilarProduct(string ProductId, double Score, int CoBuyers);
