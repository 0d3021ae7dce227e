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
        var itemsPerOrder = purchases.GroupBy(p => p.OrderId, StringComparer.Ordinal).Select(g => (double)g.Count());
        var ordersPerCustomer = purchases
            .GroupBy(p => p.CustomerId, StringComparer.Ordinal)
            .Select(g => (double)g.Select(p => p.OrderId).Distinct(StringComparer.Ordinal).Count());

        // 1-based popularity rank of each purchased product: drift here means demand moved along the tail.
        var popularityRanks = purchases
            .Select(p => catalog.ProductIndex(p.ProductId))
            .Where(i => i >= 0)
            .Select(i => (double)(catalog.PopularityRank(i) + 1));

        return new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [ItemsPerOrder] = Sample(itemsPerOrder.ToList()),
            [OrdersPerCustomer] = Sample(ordersPerCustomer.ToList()),
            [PurchasedProductPopularityRank] = Sample(popularityRanks.ToList()),
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
