namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Top-k ranking metrics for one user, with binary relevance: an item is relevant when it is in
/// the user's held-out set. Definitions follow the Microsoft Recommenders benchmark
/// (precision divides by k even when fewer than k items were recommended).
/// </summary>
public static class RankingMetrics
{
    /// <summary>Hits in the top k, divided by k.</summary>
    public static double PrecisionAtK<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k) =>
        Hits(recommended, relevant, k) / (double)CheckK(k);

    /// <summary>Hits in the top k, divided by the number of relevant items.</summary>
    public static double RecallAtK<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k) =>
        relevant.Count == 0 ? 0 : Hits(recommended, relevant, CheckK(k)) / (double)relevant.Count;

    /// <summary>1 when any of the top k is relevant, else 0.</summary>
    public static double HitRateAtK<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k) =>
        Hits(recommended, relevant, CheckK(k)) > 0 ? 1 : 0;

    /// <summary>Binary-gain DCG of the top k (gain 1 / log2(position + 1)), over the DCG of an ideal list.</summary>
    public static double NdcgAtK<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(relevant);
        CheckK(k);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, recommended.Count); i++)
        {
            if (relevant.Contains(recommended[i]))
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, relevant.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>
    /// Average precision over the top k divided by the number of relevant items: the "MAP" of the
    /// Microsoft Recommenders benchmark table (a user with many test items cannot reach 1 at k = 10).
    /// </summary>
    public static double Map<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k) =>
        relevant.Count == 0 ? 0 : SumOfPrecisionsAtHits(recommended, relevant, k) / relevant.Count;

    /// <summary>Average precision over the top k divided by min(k, relevant items): 1 for a perfect top k.</summary>
    public static double MapAtK<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k) =>
        relevant.Count == 0 ? 0 : SumOfPrecisionsAtHits(recommended, relevant, k) / Math.Min(k, relevant.Count);

    /// <summary>Share of a catalogue of <paramref name="catalogueSize"/> products that appears in at least one list.</summary>
    public static double Coverage<T>(IEnumerable<IReadOnlyList<T>> recommendations, int catalogueSize, int k)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        CheckK(k);
        if (catalogueSize <= 0)
        {
            return 0;
        }

        var seen = new HashSet<T>();
        foreach (var list in recommendations)
        {
            seen.UnionWith(list.Take(k));
        }

        return seen.Count / (double)catalogueSize;
    }

    private static double SumOfPrecisionsAtHits<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        CheckK(k);
        var hits = 0;
        var sum = 0.0;
        for (var i = 0; i < Math.Min(k, recommended.Count); i++)
        {
            if (relevant.Contains(recommended[i]))
            {
                hits++;
                sum += hits / (double)(i + 1);
            }
        }

        return sum;
    }

    private static int Hits<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(relevant);
        var hits = 0;
        for (var i = 0; i < Math.Min(k, recommended.Count); i++)
        {
            hits += relevant.Contains(recommended[i]) ? 1 : 0;
        }

        return hits;
    }

    private static int CheckK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return k;
    }
}
