using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>EASE as the pipeline sees it: <c>lambda</c> (L2 strength, default 400) and the product-count limit.</summary>
internal sealed class EaseAlgorithm : IRecommenderAlgorithm
{
    public string Name => EaseRecommender.Name;

    public IReadOnlyCollection<string> HyperparameterNames => HyperparameterKeys.Ease.All;

    public RecommenderFit Configure(Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);

        // 400: the middle of the 250–500 range that did best on ml-100k in the reference check.
        var lambda = hyperparameters.GetDouble(HyperparameterKeys.Ease.Lambda, 400, 1e-3, 1e7);
        return (data, progress) =>
        {
            if (data.ProductCount > EaseKernel.MaxProducts)
            {
                throw new InvalidTrainingRequestException(
                    $"EASE supports at most {EaseKernel.MaxProducts:N0} products (it inverts a dense products × products matrix); "
                    + $"this shop has {data.ProductCount:N0}. Use item-cosine or als for a catalogue this large.");
            }

            var popularity = PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks);
            var (weights, stride) = EaseKernel.Fit(data.ProductCount, data.CustomerOffsets, data.CustomerItems, lambda, progress);
            return new EaseRecommender(RecommenderCatalog.FromInteractions(data, popularity), weights, stride);
        };
    }

    public CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader) => EaseRecommender.Read(catalog, reader);
}
