using System.Collections.Concurrent;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Serves a recommender's most asked-for answers from memory: at load, the top-<see cref="K"/> of its
/// <see cref="MaxCustomers"/> most active customers (<see cref="IRecommender.SampleCustomers"/>), and, as they
/// are first asked for, the top-<see cref="K"/> similar products of each product. Only requests for exactly
/// <see cref="K"/> products use the tables, and the tables hold what the model itself answered, so an answer
/// never differs from the model's; every other request goes to the model. Memory is bounded: about
/// (K × 40 + 100) bytes per precomputed customer or product, at most <see cref="MaxCustomers"/> of each.
/// Lives in the server, not the model classes, so every algorithm gets it and the models stay pure.
/// </summary>
internal sealed class PrecomputedRecommender : IRecommender
{
    private readonly IRecommender _model;
    private readonly Dictionary<string, ScoredProduct[]> _byCustomer;
    private readonly ConcurrentDictionary<string, SimilarProduct[]> _similar = new(StringComparer.Ordinal);

    private PrecomputedRecommender(IRecommender model, int k, int maxCustomers, Dictionary<string, ScoredProduct[]> byCustomer)
    {
        _model = model;
        K = k;
        MaxCustomers = maxCustomers;
        _byCustomer = byCustomer;
    }

    /// <summary>The only <c>k</c> answered from the tables.</summary>
    public int K { get; }

    public int MaxCustomers { get; }

    public int PrecomputedCustomers => _byCustomer.Count;

    public IRecommender Model => _model;

    public string Task => _model.Task;

    public string Algorithm => _model.Algorithm;

    public int ProductCount => _model.ProductCount;

    /// <summary>
    /// Wraps <paramref name="model"/> with its top-<paramref name="k"/> tables, or returns it as it is when
    /// <paramref name="k"/> or <paramref name="maxCustomers"/> is 0. A customer the model fails on is left to it.
    /// </summary>
    public static IRecommender Wrap(IRecommender model, int k, int maxCustomers)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (k <= 0 || maxCustomers <= 0)
        {
            return model;
        }

        var byCustomer = new Dictionary<string, ScoredProduct[]>(StringComparer.Ordinal);
        foreach (var customer in model.SampleCustomers(maxCustomers))
        {
            try
            {
                byCustomer.TryAdd(customer, [.. model.Recommend(customer, k)]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Asked live, the model fails the same way and the request says so; nothing to keep here.
            }
        }

        return new PrecomputedRecommender(model, k, maxCustomers, byCustomer);
    }

    public bool KnowsCustomer(string customerId) => _model.KnowsCustomer(customerId);

    public IReadOnlyList<ScoredProduct> Recommend(string customerId, int k) =>
        k == K && _byCustomer.TryGetValue(customerId, out var top) ? top : _model.Recommend(customerId, k);

    public IReadOnlyList<SimilarProduct>? Similar(string productId, int k)
    {
        if (k != K)
        {
            return _model.Similar(productId, k);
        }

        if (_similar.TryGetValue(productId, out var cached))
        {
            return cached;
        }

        var similar = _model.Similar(productId, k);
        if (similar is not null && _similar.Count < MaxCustomers)
        {
            // Only known products get here, so the table is bounded by the catalogue as well as by MaxCustomers.
            _similar.TryAdd(productId, [.. similar]);
        }

        return similar;
    }

    public ProductInfo? FindProduct(string productId) => _model.FindProduct(productId);

    public IReadOnlyList<string> PurchasedBy(string customerId) => _model.PurchasedBy(customerId);

    public IReadOnlyList<string> SampleCustomers(int count) => _model.SampleCustomers(count);

    public void Save(Stream stream) => _model.Save(stream);
}
