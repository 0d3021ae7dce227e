using System.Runtime.InteropServices;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The input-side features a recommendation model's drift check compares live traffic against:
/// basket size, how often customers order, and how far into the long tail purchases reach.
/// Samples are capped (evenly strided, so deterministic) to keep the manifest small.
/// </summary>
public static class RecommendationReferenceFeatures
{
    public const string ItemsPerOrder = "items_per_order";
    public const string OrdersPerCustomer = "orders_per_customer";
    public const string PurchasedProductPopularityRank = "purchased_product_popularity_rank";

    public const int MaxSamples = 5000;

    public static IReadOnlyDictionary<string, double[]> Compute(ShopData data, RecommenderCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(catalog);
        var purchases = data.Purchases;
        var linesPerOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var ordersPerCustomer = new Dictionary<string, int>(StringComparer.Ordinal);
        var popularityRanks = new List<double>(purchases.Count);
        foreach (var purchase in purchases)
        {
            ref var lines = ref CollectionsMarshal.GetValueRefOrAddDefault(linesPerOrder, purchase.OrderId, out var orderSeen);
            lines++;
            if (!orderSeen)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(ordersPerCustomer, purchase.CustomerId, out _)++;
            }

            // 1-based popularity rank of each purchased product: drift here means demand moved along the tail.
            var product = catalog.ProductIndex(purchase.ProductId);
            if (product >= 0)
            {
                popularityRanks.Add(catalog.PopularityRank(product) + 1);
            }

        }

        return new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [ItemsPerOrder] = Sample([.. linesPerOrder.Values.Select(n => (double)n)]),
            [OrdersPerCustomer] = Sample([.. ordersPerCustomer.Values.Select(n => (double)n)]),
            [PurchasedProductPopularityRank] = Sample(popularityRanks),
        };
    }

    private static double[] Sample(List<double> values)
    {
        if (values.Count <= MaxSamples)
        {
            return [.. values];
        }

        var stride = values.Count / (double)MaxSamples;
        return [.. Enumerable.Range(0, MaxSamples).Select(i => values[(int)(i * stride)])];
    }
}
