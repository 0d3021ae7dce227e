namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The baseline: the most popular products (distinct buyers, see <see cref="PopularityKernel"/>)
/// the customer has not bought. Similar products are the most popular of the same category, with
/// their true co-buyer count (a merge of two sorted buyer lists per answer: cheap).
/// </summary>
public sealed class PopularityRecommender(RecommenderCatalog catalog) : CatalogRecommender(catalog)
{
    public const string Name = AlgorithmCatalogue.Popularity;

    public override string Algorithm => Name;

    public override IReadOnlyList<ScoredProduct> Recommend(string customerId, int k) => MostPopularNotBought(customerId, k);

    public override IReadOnlyList<SimilarProduct>? Similar(string productId, int k)
    {
        CheckK(k);
        var product = Catalog.ProductIndex(productId);
        if (product < 0)
        {
            return null;
        }

        var category = Catalog.Products[product].Category;
        var result = new List<SimilarProduct>(Math.Max(0, k));
        foreach (var other in Catalog.PopularityOrder)
        {
            if (result.Count >= k)
            {
                break;
            }

            if (other != product && string.Equals(Catalog.Products[other].Category, category, StringComparison.Ordinal))
            {
                result.Add(new SimilarProduct(Catalog.Products[other].ProductId, Catalog.Popularity[other], Catalog.CoBuyers(product, other)));
            }
        }

        return result;
    }

    /// <summary>Popularity needs nothing beyond the catalogue.</summary>
    protected override void WriteModel(BinaryWriter writer)
    {
    }
}
