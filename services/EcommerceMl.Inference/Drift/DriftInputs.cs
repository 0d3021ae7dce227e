using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Drift;

/// <summary>
/// What live traffic looks like next to what a model was trained on, from the bounded event buffer: events per
/// type, and for each recommendation model the PSI of <c>purchased_product_popularity_rank</c> (how far into the
/// catalogue's long tail purchases reach) against its manifest's profile. That is the one reference feature events
/// can measure honestly: the others (items per order, orders per customer) need order ids, which events do not
/// carry. A PSI is given only with at least <see cref="MinSamples"/> purchases of products the model knows. Pure.
/// </summary>
internal static class DriftInputs
{
    public const int MinSamples = 50;
    public const string PopularityRank = RecommendationReferenceFeatures.PurchasedProductPopularityRank;

    public static IReadOnlyDictionary<ShopEventType, int> CountByType(IReadOnlyList<ShopEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var counts = Enum.GetValues<ShopEventType>().ToDictionary(t => t, _ => 0);
        foreach (var e in events)
        {
            counts[e.Type]++;
        }

        return counts;
    }

    /// <summary>(model, feature, PSI) for every loaded recommendation model whose manifest profiles the feature.</summary>
    public static IReadOnlyList<(string Model, string Feature, double Psi)> PsiByModel(IReadOnlyList<ModelEntry> models, IReadOnlyList<ShopEvent> events)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(events);
        var result = new List<(string, string, double)>();
        foreach (var entry in models)
        {
            if (entry is not { Status: ModelStatus.Loaded, Manifest: { } manifest }
                || !manifest.FeatureProfile.TryGetValue(PopularityRank, out var profile) || !profile.IsNumeric
                || Catalog(entry.Model) is not { } catalog)
            {
                continue;
            }

            var ranks = new List<double>();
            foreach (var e in events)
            {
                if (e.Type == ShopEventType.Purchase && catalog.ProductIndex(e.ProductId) is var product and >= 0)
                {
                    ranks.Add(catalog.PopularityRank(product) + 1);
                }
            }

            if (ranks.Count >= MinSamples && Psi.Of(profile, ranks) is { } psi)
            {
                result.Add((entry.Name, PopularityRank, psi));
            }
        }

        return result;
    }

    private static RecommenderCatalog? Catalog(object? model) => model switch
    {
        PrecomputedRecommender precomputed => Catalog(precomputed.Model),
        CatalogRecommender catalogued => catalogued.Catalog,
        _ => null,
    };
}
