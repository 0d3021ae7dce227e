using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Recommendation;

/// <summary>Fits an algorithm on a whole shop exactly as the pipeline does, without the split.</summary>
internal static class Fit
{
    public static CatalogRecommender ItemCosine(ShopData shop, params (string Key, string Value)[] hyperparameters) =>
        Run(new ItemCosineAlgorithm(), shop, hyperparameters);

    public static CatalogRecommender Popularity(ShopData shop, params (string Key, string Value)[] hyperparameters) =>
        Run(new PopularityAlgorithm(), shop, hyperparameters);

    public static CatalogRecommender Ease(ShopData shop, params (string Key, string Value)[] hyperparameters) =>
        Run(new EaseAlgorithm(), shop, hyperparameters);

    public static CatalogRecommender Als(ShopData shop, params (string Key, string Value)[] hyperparameters) =>
        Run(new AlsAlgorithm(), shop, hyperparameters);

    public static CatalogRecommender TwoStage(ShopData shop, params (string Key, string Value)[] hyperparameters) =>
        Run(new TwoStageAlgorithm(), shop, hyperparameters);

    private static CatalogRecommender Run(IRecommenderAlgorithm algorithm, ShopData shop, (string Key, string Value)[] given)
    {
        var hyperparameters = new Hyperparameters(algorithm.Name, given.ToDictionary(g => g.Key, g => g.Value), algorithm.HyperparameterNames);
        return algorithm.Configure(hyperparameters)(InteractionData.FromShop(shop), null);
    }
}
