using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// A customer's affinity to products, from a recommendation model (<see cref="IRecommender"/>, any algorithm): where
/// the product stands in their recommendations (1 at the top, falling to 0 at <see cref="Depth"/> and beyond), whether
/// they bought it before, and the share of what they bought that is in its category. Rank-based rather than the
/// model's raw scores, so the features mean the same whichever recommender made them. Null for a customer the model
/// never saw: the re-ranker then reads "no affinity" (<see cref="SearchFeatures"/>).
/// </summary>
internal sealed class CustomerAffinity(IRecommender recommender)
{
    /// <summary>How deep into a customer's recommendations a product still counts.</summary>
    public const int Depth = 100;

    public IRecommender Recommender { get; } = recommender ?? throw new ArgumentNullException(nameof(recommender));

    /// <summary>The customer's affinity to any product, or null when the model does not know them.</summary>
    public Profile? For(string? customerId)
    {
        if (string.IsNullOrEmpty(customerId) || !Recommender.KnowsCustomer(customerId))
        {
            return null;
        }

        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        var recommended = Recommender.Recommend(customerId, Math.Min(Depth, Recommender.ProductCount));
        for (var i = 0; i < recommended.Count; i++)
        {
            rank.TryAdd(recommended[i].ProductId, i);
        }

        var bought = Recommender.PurchasedBy(customerId).ToHashSet(StringComparer.Ordinal);
        var categories = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var product in bought)
        {
            if (Recommender.FindProduct(product) is { } info)
            {
                categories[info.Category] = categories.GetValueOrDefault(info.Category) + 1;
            }
        }

        return new Profile(rank, bought, categories, Math.Max(1, bought.Count));
    }

    /// <summary>One customer's affinities, computed once per search.</summary>
    internal sealed class Profile(Dictionary<string, int> rank, HashSet<string> bought, Dictionary<string, int> categories, int boughtCount)
    {
        public double Recommended(string productId) => rank.TryGetValue(productId, out var r) ? 1 - (r / (double)Depth) : 0;

        public bool Bought(string productId) => bought.Contains(productId);

        public double CategoryShare(string category) => categories.GetValueOrDefault(category) / (double)boughtCount;
    }
}
