using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The two-stage model as the pipeline sees it. Fit: carve a per-customer temporal validation
/// window out of the training matrix it is handed (<see cref="ValidationWindow"/>), fit stage one on
/// the rest, label each validation customer's candidates by whether they were bought in the window,
/// train the LambdaRank ranker on those rows; then refit stage one on the whole training matrix
/// (the ranker learned how generators' scores relate to the next purchases, not the scores themselves).
/// Generators run at their own defaults (EASE λ 400; ALS 64 factors, 15 iterations, reg 40, alpha 4).
/// </summary>
internal sealed class TwoStageAlgorithm : IRecommenderAlgorithm
{
    public string Name => TwoStageRecommender.Name;

    public IReadOnlyCollection<string> HyperparameterNames { get; } =
        ["candidates", "validation_share", "trees", "leaves", "learning_rate", "min_leaf_rows", "ease", "random_validation", "seed"];

    public RecommenderFit Configure(Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var candidates = hyperparameters.GetInt("candidates", 50, 1, CatalogRecommender.MaxK);
        var share = hyperparameters.GetDouble("validation_share", 0.2, 0.01, 0.9);
        var trees = hyperparameters.GetInt("trees", 100, 1, 10_000);
        var leaves = hyperparameters.GetInt("leaves", 15, 2, 4096);
        var learningRate = hyperparameters.GetDouble("learning_rate", 0.05, 1e-4, 1);
        var minLeafRows = hyperparameters.GetInt("min_leaf_rows", 200, 1, 1_000_000);
        var useEase = hyperparameters.GetInt("ease", 1, 0, 1) == 1;
        // Random labels by default: on ml-100k the newest 20% of a customer's items are a different, less popular
        // set of films and a ranker taught on them halves nDCG (0.231 vs 0.477); on online-retail random is
        // better too (0.0779 vs 0.0640). Either way the labels come from the training data only.
        var randomValidation = hyperparameters.GetInt("random_validation", 1, 0, 1) == 1;
        var seed = hyperparameters.GetInt("seed", 42, 0, int.MaxValue - 1);
        var stageOne = new StageOneOptions(candidates, useEase, 400, new AlsOptions(64, 15, 40, 4, 3, seed), new ItemCosineOptions());
        var ranker = new LambdaRankOptions(trees, leaves, learningRate, minLeafRows, seed);
        return (data, progress) =>
        {
            if (useEase && data.ProductCount > EaseKernel.MaxProducts)
            {
                throw new InvalidTrainingRequestException(
                    $"The two-stage model's EASE generator supports at most {EaseKernel.MaxProducts:N0} products; this shop has {data.ProductCount:N0}. "
                    + "Set the two-stage hyperparameter ease=0 to generate candidates from ALS, item-cosine and popularity only.");
            }

            var window = ValidationWindow.Carve(data, share, randomValidation ? new Random(seed) : null);
            var validation = StageOne.Fit(window.Fit, stageOne, ScaledProgress.Of(progress, 0, 0.35));
            var (rows, labels, groups) = TrainingRows(validation, window.HeldOut);
            if (!labels.Any(label => label > 0))
            {
                throw new InvalidTrainingRequestException(
                    $"The two-stage ranker found no held-out purchase among the candidates of the validation window ({window.HeldOut.Count(h => h.Length > 0)} customers held out products): "
                    + "the shop is too small or too sparse to learn a re-ranking; use ease, als or item-cosine.");
            }

            var ensemble = LambdaRankTrainer.Train(rows, labels, groups, ranker);
            progress?.Report(0.6);
            var final = StageOne.Fit(data, stageOne, ScaledProgress.Of(progress, 0.6, 1));
            return new TwoStageRecommender(final, ensemble);
        };
    }

    public CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader) => TwoStageRecommender.Read(catalog, reader);

    /// <summary>One row per (validation customer, candidate), label 1 when held out; customers whose candidates miss every held-out product teach nothing and are left out.</summary>
    internal static (List<float[]> Rows, List<float> Labels, List<uint> Groups) TrainingRows(StageOne stageOne, int[][] heldOut)
    {
        var rows = new List<float[]>();
        var labels = new List<float>();
        var groups = new List<uint>();
        var candidates = new List<int>();
        var features = new List<float>();
        for (var u = 0; u < heldOut.Length; u++)
        {
            if (heldOut[u].Length == 0)
            {
                continue;
            }

            stageOne.Build(u, candidates, features);
            if (!candidates.Any(c => heldOut[u].AsSpan().BinarySearch(c) >= 0))
            {
                continue;
            }

            for (var c = 0; c < candidates.Count; c++)
            {
                rows.Add(features.GetRange(c * StageOne.FeatureCount, StageOne.FeatureCount).ToArray());
                labels.Add(heldOut[u].AsSpan().BinarySearch(candidates[c]) >= 0 ? 1 : 0);
                groups.Add((uint)u);
            }
        }

        return (rows, labels, groups);
    }
}
