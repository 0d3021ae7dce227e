using System.Runtime.InteropServices;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// What a recommendation model's monitor compares, measured the same way on the training data (the
/// reference) and on a live window: per order line the purchased product (categorical: the top
/// <see cref="MonitoredSample.MaxCategories"/>, the rest pooled, products the model never saw as
/// <see cref="FeatureProfile.UnseenCategory"/>), its category and its 1-based popularity rank in the
/// model's catalogue (an unseen product ranks just past the catalogue's tail); per order the basket
/// size and value. The outputs: the popularity rank of the top <see cref="PredictionK"/> items the
/// model recommends to (at most <see cref="MaxPredictedCustomers"/>) known customers who bought recently.
/// At training the inputs are measured from <see cref="ReferenceFrom"/> on, the outputs for the buyers of the held-out window.
/// Counts that grow with the window's length (orders per customer) are left out on purpose: a
/// 30-day window would always "drift" from two years of history.
/// </summary>
public static class RecommendationReferenceFeatures
{
    public const string PurchasedProduct = "purchased_product";
    public const string ProductCategory = "product_category";
    public const string PurchasedProductPopularityRank = "purchased_product_popularity_rank";
    public const string ItemsPerOrder = "items_per_order";
    public const string OrderValue = "order_value";
    public const string RecommendedPopularityRank = "recommended_popularity_rank";

    public const int PredictionK = 10;
    public const int MaxPredictedCustomers = 500;

    /// <summary>
    /// The inputs' reference holds at least this many of the newest training orders (about twice as many lines): enough
    /// that its own sampling noise is small beside a live window's at the 1,500-row minimum, few enough to describe the
    /// shop as it is now rather than two years ago (bench/results/monitoring-false-alarms.md).
    /// </summary>
    public const int ReferenceOrders = 5_000;

    /// <summary>
    /// Where the inputs' reference starts: the earlier of <paramref name="heldOutFrom"/> and the first of the newest
    /// <see cref="ReferenceOrders"/> orders. A reference over the whole history would still be the old shop after a
    /// retrain on a new product range — the range a few percent of two years of orders — so a version trained on the
    /// shift would find the same drift again; over the newest stretch it is what the version learnt last.
    /// </summary>
    public static DateTime ReferenceFrom(ShopData data, DateTime heldOutFrom)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Orders.Count <= ReferenceOrders)
        {
            return DateTime.MinValue;
        }

        var times = data.Orders.Select(o => o.OrderedAt).ToArray();
        Array.Sort(times);
        var newest = times[^ReferenceOrders];
        return newest < heldOutFrom ? newest : heldOutFrom;
    }

    /// <param name="recentFrom">
    /// Outputs are for the customers the model knows who bought from this moment on (null: in all of
    /// <paramref name="data"/>). Training passes its last held-out-length stretch, so the reference
    /// outputs are for recently active customers, like a live window's; new customers, whom every
    /// model answers with the popularity ranking, are left out on both sides.
    /// </param>
    /// <param name="inputsFrom">The inputs are measured on the order lines from this moment on (null: all of <paramref name="data"/>); training passes <see cref="ReferenceFrom"/>.</param>
    public static MonitoredSample Observe(ShopData data, CatalogRecommender model, DateTime? recentFrom = null, DateTime? inputsFrom = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        var catalog = model.Catalog;
        var purchases = data.Purchases;
        var products = new List<string>(purchases.Count);
        var categories = new List<string>(purchases.Count);
        var ranks = new List<double>(purchases.Count);
        var linesPerOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var valuePerOrder = new Dictionary<string, double>(StringComparer.Ordinal);
        var buyers = new List<string>();
        var seenBuyers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < purchases.Count; i++)
        {
            var purchase = purchases[i];
            if (inputsFrom is null || purchase.OrderedAt >= inputsFrom)
            {
                var product = catalog.ProductIndex(purchase.ProductId);
                products.Add(product >= 0 ? purchase.ProductId : FeatureProfile.UnseenCategory);
                categories.Add(product >= 0 ? catalog.Products[product].Category : FeatureProfile.UnseenCategory);
                ranks.Add(product >= 0 ? catalog.PopularityRank(product) + 1 : catalog.ProductCount + 1);
                CollectionsMarshal.GetValueRefOrAddDefault(linesPerOrder, purchase.OrderId, out _)++;
                CollectionsMarshal.GetValueRefOrAddDefault(valuePerOrder, purchase.OrderId, out _) += purchase.Revenue;
            }

            if ((recentFrom is null || purchase.OrderedAt >= recentFrom) && model.KnowsCustomer(purchase.CustomerId) && seenBuyers.Add(purchase.CustomerId))
            {
                buyers.Add(purchase.CustomerId);
            }
        }

        var recommendedRanks = new List<double>();
        var predicted = MonitoredSample.Stride(buyers, MaxPredictedCustomers);
        foreach (var customer in predicted)
        {
            foreach (var item in model.Recommend(customer, PredictionK))
            {
                recommendedRanks.Add(catalog.PopularityRank(catalog.ProductIndex(item.ProductId)) + 1);
            }
        }

        var inputs = new Dictionary<string, FeatureValues>(StringComparer.Ordinal)
        {
            [PurchasedProduct] = FeatureValues.Categorical([.. products]),
            [ProductCategory] = FeatureValues.Categorical([.. categories]),
            [PurchasedProductPopularityRank] = FeatureValues.Numeric([.. ranks]),
            [ItemsPerOrder] = FeatureValues.Numeric([.. linesPerOrder.Values.Select(n => (double)n)]),
            [OrderValue] = FeatureValues.Numeric([.. valuePerOrder.Values]),
        };
        // Ten ranks per customer are one customer's taste, not ten observations: judged by customers (DriftSettings.MinGroups).
        return new MonitoredSample(inputs, RecommendedPopularityRank, FeatureValues.Numeric([.. recommendedRanks], predicted.Count));
    }
}
