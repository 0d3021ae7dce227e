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
        var recommended = new Dictionary<string, IReadOnlyList<string>>(heldOut.Count, StringComparer.Ordinal);
        foreach (var customer in heldOut.Keys)
        {
            recommended[customer] = [.. model.Recommend(customer, k).Select(p => p.ProductId)];
        }

        // The harness's metrics, named for the manifest: `{metric}_at_{k}`.
        var metrics = SplitMetrics.Compute(recommended, heldOut, model.ProductCount, k);
        var at = k.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [$"precision_at_{at}"] = metrics[SplitMetrics.Precision],
            [$"recall_at_{at}"] = metrics[SplitMetrics.Recall],
            [$"ndcg_at_{at}"] = metrics[SplitMetrics.Ndcg],
            [$"map_at_{at}"] = metrics[SplitMetrics.MapAtK],
            [$"hit_rate_at_{at}"] = metrics[SplitMetrics.HitRate],
            [$"coverage_at_{at}"] = metrics[SplitMetrics.Coverage],
            ["users_evaluated"] = metrics[SplitMetrics.UsersEvaluated],
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
