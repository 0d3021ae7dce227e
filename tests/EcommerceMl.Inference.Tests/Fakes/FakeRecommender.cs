using System.Text.Json.Serialization;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>
/// A tiny, obviously-correct recommender: popularity (distinct buyers) minus what the customer bought,
/// and a fixed co-purchase table for similar products. A customer named "explode" makes it throw,
/// to show how the server answers a model failure.
/// </summary>
internal sealed class FakeRecommender : IRecommender
{
    public const string ExplodingCustomer = "explode";

    public string Algorithm { get; init; } = "item-cosine";

    public required IReadOnlyList<ProductInfo> Products { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Purchases { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<SimilarProduct>> CoBought { get; init; }

    [JsonIgnore]
    public string Task => ModelTask.Recommendation;

    [JsonIgnore]
    public int ProductCount => Products.Count;

    public bool KnowsCustomer(string customerId) => Purchases.ContainsKey(customerId);

    public IReadOnlyList<ScoredProduct> Recommend(string customerId, int k)
    {
        if (customerId == ExplodingCustomer)
        {
            throw new InvalidOperationException("Simulated model failure with secret internals.");
        }

        var bought = Purchases.GetValueOrDefault(customerId) ?? [];
        return [.. Popularity().Where(p => !bought.Contains(p.ProductId)).Take(k)];
    }

    public IReadOnlyList<SimilarProduct>? Similar(string productId, int k) =>
        FindProduct(productId) is null ? null : [.. (CoBought.GetValueOrDefault(productId) ?? []).Take(k)];

    public ProductInfo? FindProduct(string productId) => Products.FirstOrDefault(p => p.ProductId == productId);

    public IReadOnlyList<string> PurchasedBy(string customerId) => Purchases.GetValueOrDefault(customerId) ?? [];

    public IReadOnlyList<string> SampleCustomers(int count) =>
        [.. Purchases.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).Take(count)];

    public void Save(Stream stream) => FakeJson.Save(stream, this);

    private IEnumerable<ScoredProduct> Popularity()
    {
        var buyers = Purchases.Values.SelectMany(p => p.Distinct()).CountBy(p => p).ToDictionary(p => p.Key, p => p.Value);
        return Products
            .Select(p => new ScoredProduct(p.ProductId, (double)buyers.GetValueOrDefault(p.ProductId) / Math.Max(1, Purchases.Count)))
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.ProductId, StringComparer.Ordinal);
    }
}
