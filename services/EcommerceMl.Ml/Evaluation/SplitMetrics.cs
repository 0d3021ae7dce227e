namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// The harness's ranking metrics of one fitted model on one split, averaged over the evaluated
/// customers (coverage is over the catalogue). Every per-user figure comes from
/// <see cref="RankingMetrics"/>.
/// </summary>
public static class SplitMetrics
{
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string Ndcg = "ndcg";
    public const string Map = "map";
    public const string MapAtK = "map_at_k";
    public const string HitRate = "hit_rate";
    public const string Coverage = "coverage";
    public const string FitSeconds = "fit_seconds";
    public const string RecommendSeconds = "recommend_seconds";
    public const string UsersEvaluated = "users_evaluated";

    /// <summary>Every metric the harness reports, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [Precision, Recall, Ndcg, Map, MapAtK, HitRate, Coverage, FitSeconds, RecommendSeconds, UsersEvaluated];

    /// <param name="recommended">Top-k product ids per evaluated customer, best first.</param>
    /// <param name="test">Held-out products per customer; every customer here must have a list.</param>
    public static Dictionary<string, double> Compute(
        IReadOnlyDictionary<string, IReadOnlyList<string>> recommended, IReadOnlyDictionary<string, IReadOnlySet<string>> test, int catalogueSize, int k)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(test);
        double precision = 0, recall = 0, ndcg = 0, map = 0, mapAtK = 0, hitRate = 0;
        foreach (var (customer, relevant) in test)
        {
            if (!recommended.TryGetValue(customer, out var list))
            {
                throw new ArgumentException($"No recommendations for the evaluated customer '{customer}'.", nameof(recommended));
            }

            precision += RankingMetrics.PrecisionAtK(list, relevant, k);
            recall += RankingMetrics.RecallAtK(list, relevant, k);
            ndcg += RankingMetrics.NdcgAtK(list, relevant, k);
            map += RankingMetrics.Map(list, relevant, k);
            mapAtK += RankingMetrics.MapAtK(list, relevant, k);
            hitRate += RankingMetrics.HitRateAtK(list, relevant, k);
        }

        var users = Math.Max(1, test.Count);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [Precision] = precision / users,
            [Recall] = recall / users,
            [Ndcg] = ndcg / users,
            [Map] = map / users,
            [MapAtK] = mapAtK / users,
            [HitRate] = hitRate / users,
            [Coverage] = RankingMetrics.Coverage(test.Keys.Select(c => recommended[c]), catalogueSize, k),
            [UsersEvaluated] = test.Count,
        };
    }
}
