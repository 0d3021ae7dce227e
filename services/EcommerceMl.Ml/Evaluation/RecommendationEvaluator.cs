using System.Globalization;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Evaluates a recommender fit on <see cref="TemporalSplit.Train"/> against what customers bought
/// in <see cref="TemporalSplit.Test"/>. Evaluated users are customers seen in training with at
/// least one held-out item; each metric is their mean.
/// </summary>
/// <remarks>
/// By default a customer's held-out items exclude products they had already bought in training:
/// every model here removes bought products from its answers, so a repeat purchase could never be
/// hit, and counting it would only lower every algorithm alike. Pass
/// <c>excludeRepeatPurchases: false</c> to score against everything bought (a harsher, honest
/// measure of how much of the window the shop's recommendations could have shown).
/// </remarks>
public static class RecommendationEvaluator
{
    public static IReadOnlyDictionary<string, double> Evaluate(IRecommender model, TemporalSplit split, int k, bool excludeRepeatPurchases = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        var heldOut = HeldOutItems(split, excludeRepeatPurchases);
        var lists = new List<IReadOnlyList<string>>(heldOut.Count);
        double precision = 0, recall = 0, ndcg = 0, map = 0, hitRate = 0;
        foreach (var (customer, relevant) in heldOut)
        {
            var recommended = model.Recommend(customer, k).Select(p => p.ProductId).ToList();
            lists.Add(recommended);
            precision += RankingMetrics.PrecisionAtK(recommended, relevant, k);
            recall += RankingMetrics.RecallAtK(recommended, relevant, k);
            ndcg += RankingMetrics.NdcgAtK(recommended, relevant, k);
            map += RankingMetrics.MapAtK(recommended, relevant, k);
            hitRate += RankingMetrics.HitRateAtK(recommended, relevant, k);
        }

        var users = Math.Max(1, heldOut.Count);
        var at = k.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [$"precision_at_{at}"] = precision / users,
            [$"recall_at_{at}"] = recall / users,
            [$"ndcg_at_{at}"] = ndcg / users,
            [$"map_at_{at}"] = map / users,
            [$"hit_rate_at_{at}"] = hitRate / users,
            [$"coverage_at_{at}"] = RankingMetrics.Coverage(lists, model.ProductCount, k),
            ["users_evaluated"] = heldOut.Count,
        };
    }

    /// <summary>Per customer seen in training, the distinct products bought in the held-out window (see remarks).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> HeldOutItems(TemporalSplit split, bool excludeRepeatPurchases = true)
    {
        ArgumentNullException.ThrowIfNull(split);
        var trained = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var purchase in split.Train.Purchases)
        {
            if (!trained.TryGetValue(purchase.CustomerId, out var items))
            {
                trained[purchase.CustomerId] = items = new HashSet<string>(StringComparer.Ordinal);
            }

            items.Add(purchase.ProductId);
        }

        var heldOut = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var purchase in split.Test.Purchases)
        {
            if (!trained.TryGetValue(purchase.CustomerId, out var before)
                || (excludeRepeatPurchases && before.Contains(purchase.ProductId)))
            {
                continue;
            }

            if (!heldOut.TryGetValue(purchase.CustomerId, out var items))
            {
                heldOut[purchase.CustomerId] = items = new HashSet<string>(StringComparer.Ordinal);
            }

            items.Add(purchase.ProductId);
        }

        return heldOut.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal);
    }
}
