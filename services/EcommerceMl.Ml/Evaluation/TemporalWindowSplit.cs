using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Train on orders (and events) before a cutoff; hold out, per customer seen in training, the distinct products
/// they bought in [cutoff, end). Products they had also bought before the cutoff stay in the test
/// set (the protocol is "distinct items bought in the window"): no model can hit them, since every
/// model removes bought products, so they lower every algorithm alike.
/// </summary>
public static class TemporalWindowSplit
{
    public static RecommendationSplit Split(ShopData data, DateTime cutoff, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (end <= cutoff)
        {
            throw new ArgumentException($"The test window ends ({end:yyyy-MM-dd}) before it starts ({cutoff:yyyy-MM-dd}).", nameof(end));
        }

        var split = TemporalSplit.At(data, cutoff);
        var trained = split.Train.Purchases.Select(p => p.CustomerId).ToHashSet(StringComparer.Ordinal);
        var test = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var purchase in split.Test.Purchases)
        {
            if (purchase.OrderedAt >= end || !trained.Contains(purchase.CustomerId))
            {
                continue;
            }

            if (!test.TryGetValue(purchase.CustomerId, out var items))
            {
                test[purchase.CustomerId] = items = new HashSet<string>(StringComparer.Ordinal);
            }

            items.Add(purchase.ProductId);
        }

        // The events before the cutoff are known at the cutoff: implicit-feedback hyperparameters may learn from them.
        var train = new ShopData(data.Name, data.Customers, data.Products, split.Train.Orders, split.Train.OrderItems, split.Train.Events);
        return new RecommendationSplit(train, test.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal));
    }
}
