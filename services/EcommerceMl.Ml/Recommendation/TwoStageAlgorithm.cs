using EcommerceMl.Ml.Trees;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The two-stage model as the pipeline sees it. Fit, on the training matrix it is handed only:
/// <list type="number">
/// <item>for each of <c>validation_rounds</c> rounds, carve a validation share out of every
/// customer's products (<see cref="ValidationWindow"/>: seeded random by default, the newest with
/// <c>random_validation=0</c>), fit stage one on the rest and label each customer's candidates by
/// whether they were held out — the generators that make the ranker's features never saw its labels,
/// exactly as at serving time the generators never saw what the customer buys next;</item>
/// <item>train the LambdaRank ranker on those rows, holding out <c>early_stopping_share</c> of the
/// customers (the same customers in every round), and keep the number of trees (checked every
/// <c>early_stopping_step</c>) that gives those customers the best nDCG@10;</item>
/// <item>refit stage one on the whole training matrix for serving. Its generators see ~25% more per
/// customer than the validation ones did, so every feature is a rank or a per-customer normalised
/// value (<see cref="StageOne"/>), and the served score mixes the ranker's standardised score with
/// stage one's fused EASE+ALS score (<c>fused_weight</c>, default 0.5): the mix beats both the ranker
/// alone and the blend alone on ml-100k.</item>
/// </list>
/// <c>rankers</c> &gt; 1 bags that many rankers (seeded 80% row and feature samples) and averages them.
/// Generators run at their own defaults (EASE λ 400; ALS 64 factors, 15 iterations, reg 40, alpha 4).
/// </summary>
internal sealed class TwoStageAlgorithm : IRecommenderAlgorithm
{
    internal const int DefaultRounds = 5;
    internal const double DefaultFusedWeight = 0.5;
    internal const int DefaultRankers = 1;

    public string Name => TwoStageRecommender.Name;

    public IReadOnlyCollection<string> HyperparameterNames => HyperparameterKeys.TwoStage.All;

    public RecommenderFit Configure(Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var candidates = hyperparameters.GetInt(HyperparameterKeys.TwoStage.Candidates, 50, 1, CatalogRecommender.MaxK);
        var share = hyperparameters.GetDouble(HyperparameterKeys.TwoStage.ValidationShare, 0.2, 0.01, 0.9);
        var rounds = hyperparameters.GetInt(HyperparameterKeys.TwoStage.ValidationRounds, DefaultRounds, 1, 20);
        var stoppingShare = hyperparameters.GetDouble(HyperparameterKeys.TwoStage.EarlyStoppingShare, 0.2, 0, 0.9);
        var stoppingStep = hyperparameters.GetInt(HyperparameterKeys.TwoStage.EarlyStoppingStep, 10, 1, 10_000);
        // Early stopping kept 10–210 trees in every ml-100k run measured; boosting is sequential, so
        // a cap of 250 gives the same ranker as 500 whenever the best count is below it, in half the time.
        var trees = hyperparameters.GetInt(HyperparameterKeys.TwoStage.Trees, 250, 1, 10_000);
        var leaves = hyperparameters.GetInt(HyperparameterKeys.TwoStage.Leaves, 15, 2, 4096);
        var learningRate = hyperparameters.GetDouble(HyperparameterKeys.TwoStage.LearningRate, 0.05, 1e-4, 1);
        var minLeafRows = hyperparameters.GetInt(HyperparameterKeys.TwoStage.MinLeafRows, 200, 1, 1_000_000);
        var useEase = hyperparameters.GetInt(HyperparameterKeys.TwoStage.UseEase, 1, 0, 1) == 1;
        // Random labels by default: on ml-100k the newest 20% of a customer's items are a different, less popular
        // set of films and a ranker taught on them halves nDCG (0.231 vs 0.477); on online-retail random is
        // better too (0.0779 vs 0.0640). Either way the labels come from the training data only.
        var randomValidation = hyperparameters.GetInt(HyperparameterKeys.TwoStage.RandomValidation, 1, 0, 1) == 1;
        var fusedWeight = hyperparameters.GetDouble(HyperparameterKeys.TwoStage.FusedWeight, DefaultFusedWeight, 0, 1);
        var rankers = hyperparameters.GetInt(HyperparameterKeys.TwoStage.Rankers, DefaultRankers, 1, 20);
        var seed = hyperparameters.GetInt(HyperparameterKeys.TwoStage.Seed, 42, 0, int.MaxValue - 1);
        var stageOne = new StageOneOptions(candidates, useEase, 400, new AlsOptions(64, 15, 40, 4, 3, seed), new ItemCosineOptions());
        // Bagged rankers see a seeded 80% of the rows and of the features per tree, so they differ; one ranker sees all.
        var ranker = rankers > 1
            ? new LambdaRankOptions(trees, leaves, learningRate, minLeafRows, seed, FeatureFraction: 0.8, SubsampleFraction: 0.8)
            : new LambdaRankOptions(trees, leaves, learningRate, minLeafRows, seed);

        // The newest products are the same every round: more temporal rounds would repeat the first.
        var effectiveRounds = randomValidation ? rounds : 1;
        return (data, progress) =>
        {
            if (useEase && data.ProductCount > EaseKernel.MaxProducts)
            {
                throw new InvalidTrainingRequestException(
                    $"The two-stage model's EASE generator supports at most {EaseKernel.MaxProducts:N0} products; this shop has {data.ProductCount:N0}. "
                    + "Set the two-stage hyperparameter ease=0 to generate candidates from ALS, item-cosine and popularity only.");
            }

            var stopping = EarlyStoppingCustomers(data.CustomerCount, stoppingShare, seed);
            var training = RankingRows.Empty();
            var validation = RankingRows.Empty();
            var heldOutCustomers = 0;
            for (var round = 0; round < effectiveRounds; round++)
            {
                var window = ValidationWindow.Carve(data, share, randomValidation ? new Random(seed + round) : null);
                heldOutCustomers = Math.Max(heldOutCustomers, window.HeldOut.Count(h => h.Length > 0));
                var roundProgress = ScaledProgress.Of(progress, 0.6 * round / effectiveRounds, 0.6 * (round + 1) / effectiveRounds);
                var fitted = StageOne.Fit(window.Fit, stageOne, roundProgress);
                AddTrainingRows(fitted, window.HeldOut, round, stopping, training, validation);
            }

            if (!training.Labels.Any(label => label > 0))
            {
                throw new InvalidTrainingRequestException(
                    $"The two-stage ranker found no held-out purchase among the candidates of the validation window ({heldOutCustomers} customers held out products): "
                    + "the shop is too small or too sparse to learn a re-ranking; use ease, als or item-cosine.");
            }

            // Early stopping needs validation customers with a hit; without them each ranker trains all its trees.
            var useValidation = validation.Count > 0 && validation.Labels.Any(label => label > 0);
            var ensembles = new TreeEnsemble[rankers];
            for (var b = 0; b < rankers; b++)
            {
                // Bagged rankers differ only by LightGBM's seed (row and feature subsampling).
                var ensemble = LambdaRankTrainer.Train(training, ranker with { Seed = (int)((seed + (1000L * b)) % int.MaxValue) });
                if (useValidation)
                {
                    var (best, _) = RankerEarlyStopping.BestTreeCount(ensemble, validation, k: 10, step: stoppingStep);
                    ensemble = ensemble.Truncate(Math.Max(1, best));
                }

                ensembles[b] = ensemble;
                progress?.Report(0.6 + (0.1 * (b + 1) / rankers));
            }

            var final = StageOne.Fit(data, stageOne, ScaledProgress.Of(progress, 0.7, 1));
            return new TwoStageRecommender(final, ensembles, fusedWeight);
        };
    }

    public CatalogRecommender Read(RecommenderCatalog catalog, SafeReader reader) => TwoStageRecommender.Read(catalog, reader);

    /// <summary>A seeded random <paramref name="share"/> of customer indices whose rows only decide when to stop adding trees.</summary>
    internal static bool[] EarlyStoppingCustomers(int customers, double share, int seed)
    {
        var random = new Random(unchecked(seed * 31 + 7));
        var chosen = new bool[customers];
        for (var u = 0; u < customers; u++)
        {
            chosen[u] = random.NextDouble() < share;
        }

        return chosen;
    }

    /// <summary>
    /// One row per (validation customer, candidate), label 1 when held out, into <paramref name="training"/>
    /// or, for the early-stopping customers, <paramref name="validation"/>. Customers whose candidates miss
    /// every held-out product teach nothing and are left out. Group ids are unique per (round, customer).
    /// </summary>
    internal static void AddTrainingRows(StageOne stageOne, int[][] heldOut, int round, bool[] stopping, RankingRows training, RankingRows validation)
    {
        ArgumentNullException.ThrowIfNull(stageOne);
        ArgumentNullException.ThrowIfNull(heldOut);
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

            var target = stopping[u] ? validation : training;
            var group = (uint)((long)round * heldOut.Length + u);
            for (var c = 0; c < candidates.Count; c++)
            {
                target.Rows.Add(features.GetRange(c * StageOne.FeatureCount, StageOne.FeatureCount).ToArray());
                target.Labels.Add(heldOut[u].AsSpan().BinarySearch(candidates[c]) >= 0 ? 1 : 0);
                target.Groups.Add(group);
            }
        }
    }
}
