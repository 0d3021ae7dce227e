using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// One recommendation algorithm as the pipeline sees it: its hyperparameters, how to fit it on an
/// interaction matrix, and how to read its file section back. A new algorithm (EASE, ALS,
/// two-stage) is one class implementing this, listed in <see cref="RecommendationPipeline"/>.
/// </summary>
internal interface IRecommenderAlgorithm
{
    string Name { get; }

    IReadOnlyCollection<string> HyperparameterNames { get; }

    /// <summary>Reads and validates every hyperparameter now (so a bad one fails before any fitting) and returns the fit.</summary>
    RecommenderFit Configure(Hyperparameters hyperparameters);

    /// <summary>Reads the algorithm's own section of a model file, after the catalogue.</summary>
    CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader);
}

/// <summary>Fits a configured algorithm; progress is reported as a fraction 0..1.</summary>
internal delegate CatalogRecommender RecommenderFit(InteractionData data, IProgress<double>? progress);

internal sealed class PopularityAlgorithm : IRecommenderAlgorithm
{
    public string Name => PopularityRecommender.Name;

    public IReadOnlyCollection<string> HyperparameterNames => HyperparameterKeys.Popularity.All;

    public RecommenderFit Configure(Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);

        // 0 = all history; otherwise only the last N calendar days before the data's end count.
        var windowDays = hyperparameters.GetInt(HyperparameterKeys.Popularity.WindowDays, 0, 0, 36_500);
        var feedback = ImplicitFeedback.Read(hyperparameters);
        return (data, progress) =>
        {
            var since = windowDays == 0 || data.CustomerItems.Length == 0
                ? long.MinValue
                : Math.Max(0, data.End.Date.Ticks - ((windowDays - 1) * TimeSpan.TicksPerDay));
            var popularity = feedback.IsBinary
                ? PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks, since)
                : feedback.Weigh(data, since).Popularity(data.ProductCount);
            progress?.Report(1.0);
            return new PopularityRecommender(RecommenderCatalog.FromInteractions(data, popularity));
        };
    }

    public CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader) => new PopularityRecommender(catalog);
}

internal sealed class ItemCosineAlgorithm : IRecommenderAlgorithm
{
    public string Name => ItemCosineRecommender.Name;

    public IReadOnlyCollection<string> HyperparameterNames => HyperparameterKeys.ItemCosine.All;

    public RecommenderFit Configure(Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var options = new ItemCosineOptions(
            Neighbors: hyperparameters.GetInt(HyperparameterKeys.ItemCosine.Neighbors, 50, 1, 10_000),
            Shrinkage: hyperparameters.GetDouble(HyperparameterKeys.ItemCosine.Shrinkage, 0, 0, 1e6),
            MinCoBuyers: hyperparameters.GetInt(HyperparameterKeys.ItemCosine.MinCoBuyers, 1, 1, 1_000_000));
        var feedback = ImplicitFeedback.Read(hyperparameters);
        return (data, progress) =>
        {
            if (feedback.IsBinary)
            {
                // The fallback and tie-break ranking is all-history popularity.
                var popularity = PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks);
                var neighbours = ItemCosineKernel.Fit(data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, progress);
                return new ItemCosineRecommender(RecommenderCatalog.FromInteractions(data, popularity), neighbours);
            }

            // Views, cart adds and decay shape the similarities and the fallback ranking; a customer is still
            // scored from what they bought, and only what they bought is left out of their answer.
            var weighted = feedback.Weigh(data);
            var weightedNeighbours = WeightedItemCosineKernel.Fit(data.ProductCount, weighted, options, progress);
            return new ItemCosineRecommender(RecommenderCatalog.FromInteractions(data, weighted.Popularity(data.ProductCount)), weightedNeighbours);
        };
    }

    public CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader) =>
        new ItemCosineRecommender(catalog, ItemNeighbours.Read(reader, catalog.ProductCount));
}
