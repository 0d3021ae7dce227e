namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Popularity = how many distinct customers bought a product. Distinct buyers rather than units or
/// order lines: one wholesale customer buying 500 units, or one loyal customer re-ordering weekly,
/// says little about what the next customer wants; reach across customers does.
/// </summary>
public static class PopularityKernel
{
    /// <summary>Distinct buyers per product, counting only (customer, product) entries last bought at or after <paramref name="sinceTicks"/>.</summary>
    public static float[] DistinctBuyers(int productCount, ReadOnlySpan<int> customerItems, ReadOnlySpan<long> lastPurchasedTicks, long sinceTicks = long.MinValue)
    {
        if (lastPurchasedTicks.Length != customerItems.Length)
        {
            throw new ArgumentException("Every purchase entry needs its time.", nameof(lastPurchasedTicks));
        }

        var counts = new float[productCount];
        for (var i = 0; i < customerItems.Length; i++)
        {
            if (lastPurchasedTicks[i] >= sinceTicks)
            {
                counts[customerItems[i]]++;
            }
        }

        return counts;
    }
}
