using System.Globalization;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>A customer's ranked products as the API shows them, shared by the single and the batch request.</summary>
internal static class RecommendationRanking
{
    /// <summary>
    /// Top-<paramref name="k"/> for the customer, those scoring below <paramref name="minScore"/> dropped (ranks stay
    /// 1, 2, …), with prices when <paramref name="includeMetadata"/>; the fallback is "popularity" for a customer the model never saw.
    /// </summary>
    public static (string? Fallback, List<RecommendedProduct> Items) For(
        IRecommender recommender, string customerId, int k, bool includeMetadata, double? minScore)
    {
        var fallback = recommender.KnowsCustomer(customerId) ? null : RecommendationsResponse.PopularityFallback;
        var ranked = recommender.Recommend(customerId, k);
        var items = new List<RecommendedProduct>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var p = ranked[i];
            if (minScore is { } min && p.Score < min)
            {
                continue;
            }

            var product = recommender.FindProduct(p.ProductId);
            items.Add(new RecommendedProduct(items.Count + 1, p.ProductId, product?.Name, product?.Category, p.Score, includeMetadata ? product?.Price : null));
        }

        return (fallback, items);
    }

    public static void CheckMinScore(RequestErrors errors, double? minScore)
    {
        if (minScore is { } score && !double.IsFinite(score))
        {
            errors.Add("minScore", $"minScore must be a finite number; got {score.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
