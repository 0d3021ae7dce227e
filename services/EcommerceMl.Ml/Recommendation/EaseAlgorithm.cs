using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// EASE as the pipeline sees it: <c>lambda</c> (L2 strength, default 400) and <c>max_products</c>
/// (default <see cref="EaseKernel.DefaultMaxProducts"/>): a larger catalogue is modelled on its
/// most-bought products up to that many, the rest answered by popularity (<see cref="EaseRecommender"/>).
/// </summary>
internal sealed class EaseAlgorithm : IRecommenderAlgorithm
{
    public string Name => EaseRecommender.Name;

    public IReadOnlyCollection<string> HyperparameterNames => HyperparameterKeys.Ease.All;

    public RecommenderFit Configure(Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);

        // 400: the middle of the 250–500 range that did best on ml-100k in the reference check.
        var lambda = hyperparameters.GetDouble(HyperparameterKeys.Ease.Lambda, 400, 1e-3, 1e7);
        var maxProducts = hyperparameters.GetInt(HyperparameterKeys.Ease.MaxProducts, EaseKernel.DefaultMaxProducts, 1, EaseKernel.MaxProductsLimit);
        return (data, progress) =>
        {
            var popularity = PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks);
            var catalog = RecommenderCatalog.FromInteractions(data, popularity);
            if (data.ProductCount <= maxProducts)
            {
                var (weights, stride) = EaseKernel.Fit(data.ProductCount, data.CustomerOffsets, data.CustomerItems, lambda, progress);
                return new EaseRecommender(catalog, weights, stride);
            }

            // The most-bought products (distinct buyers) are modelled; the rest fall back to popularity.
            var modelled = EaseKernel.ModelledProducts(popularity, maxProducts);
            var (offsets, items) = EaseKernel.Restrict(data.ProductCount, data.CustomerOffsets, data.CustomerItems, modelled);
            var (part, partStride) = EaseKernel.Fit(modelled.Length, offsets, items, lambda, progress);
            return new EaseRecommender(catalog, part, partStride, modelled);
        };
    }

    public CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader) => EaseRecommender.Read(catalog, reader);
}
