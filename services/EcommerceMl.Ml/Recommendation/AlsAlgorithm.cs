using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Implicit ALS as the pipeline sees it: <c>factors</c>, <c>iterations</c>, <c>regularization</c>,
/// <c>alpha</c> (confidence 1 + alpha per purchase), <c>cg_steps</c> and <c>seed</c>.
/// </summary>
internal sealed class AlsAlgorithm : IRecommenderAlgorithm
{
    public string Name => AlsRecommender.Name;

    public IReadOnlyCollection<string> HyperparameterNames => HyperparameterKeys.Als.All;

    public RecommenderFit Configure(Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);

        // Defaults from a grid on ml-100k random-75-25 (seed 42): a strong L2 with a mild confidence
        // (regularization / alpha ≈ 10) did best; implicit's 0.01 / 1.0 under-regularises binary data.
        var options = new AlsOptions(
            Factors: hyperparameters.GetInt(HyperparameterKeys.Als.Factors, 64, 1, 1024),
            Iterations: hyperparameters.GetInt(HyperparameterKeys.Als.Iterations, 15, 1, 500),
            Regularization: hyperparameters.GetDouble(HyperparameterKeys.Als.Regularization, 40, 0, 1e6),
            Alpha: hyperparameters.GetDouble(HyperparameterKeys.Als.Alpha, 4, 0, 1e6),
            CgSteps: hyperparameters.GetInt(HyperparameterKeys.Als.CgSteps, 3, 1, 1024),
            Seed: hyperparameters.GetInt(HyperparameterKeys.Als.Seed, 42, int.MinValue + 1, int.MaxValue - 1));
        return (data, progress) =>
        {
            var popularity = PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks);
            var (users, items) = AlsKernel.Fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, progress);
            return new AlsRecommender(RecommenderCatalog.FromInteractions(data, popularity), options.Factors, users, items);
        };
    }

    public CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader) => AlsRecommender.Read(catalog, reader);
}
