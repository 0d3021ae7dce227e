namespace EcommerceMl.Ml.Churn;

/// <summary>What a churn fit needs besides the rows.</summary>
/// <param name="Algorithm"><c>logistic</c> or <c>lightgbm</c>.</param>
/// <param name="L2">Logistic regression's L2 penalty (C = 1/l2).</param>
/// <param name="MinCategoryCount">The featurizer's frequency floor for a category to get its own column.</param>
public sealed record ChurnFitOptions(string Algorithm, double L2 = 1.0, int MinCategoryCount = 10, LightGbmChurnOptions? Trees = null, int Seed = 42)
{
    public static IReadOnlyList<string> Algorithms { get; } = [LogisticChurnScorer.AlgorithmName, LightGbmChurnScorer.AlgorithmName];
}

/// <summary>
/// A fitted featurizer and the scorer over its vectors: the raw (uncalibrated) churn probability of
/// any <see cref="ChurnFeatures"/>. <see cref="Fit"/> is the only way the pipeline and the evaluation
/// harness train, so what is measured is what is served.
/// </summary>
public sealed record ChurnClassifier(ChurnFeaturizer Featurizer, ChurnScorer Scorer)
{
    private const int StackLimit = 256;

    public static ChurnClassifier Fit(IReadOnlyList<ChurnExample> examples, ChurnFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var featurizer = ChurnFeaturizer.Fit(examples.Select(e => e.Features), options.MinCategoryCount);
        var rows = examples.Select(e => featurizer.Encode(e.Features)).ToList();
        var labels = examples.Select(e => e.Churned).ToList();
        ChurnScorer scorer = options.Algorithm switch
        {
            LogisticChurnScorer.AlgorithmName => LogisticChurnScorer.Fit(rows, labels, options.L2),
            LightGbmChurnScorer.AlgorithmName => LightGbmChurnTrainer.Fit(rows, labels, options.Trees ?? new LightGbmChurnOptions(), options.Seed),
            _ => throw new ArgumentException($"Unknown churn algorithm '{options.Algorithm}'. Accepted: {string.Join(", ", ChurnFitOptions.Algorithms)}.", nameof(options)),
        };
        return new ChurnClassifier(featurizer, scorer);
    }

    /// <summary>
    /// Each example's probability from a classifier fitted without it (<paramref name="folds"/> folds
    /// of a seeded order): held-out scores for every row, to calibrate the model fitted on all of them.
    /// </summary>
    public static double[] OutOfFold(IReadOnlyList<ChurnExample> examples, ChurnFitOptions options, int folds)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var probabilities = new double[examples.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var from = order.Length * fold / folds;
            var to = order.Length * (fold + 1) / folds;
            var classifier = Fit([.. order[..from].Concat(order[to..]).Select(i => examples[i])], options);
            foreach (var i in order[from..to])
            {
                probabilities[i] = classifier.Probability(examples[i].Features);
            }
        }

        return probabilities;
    }

    public string Algorithm => Scorer.Algorithm;

    /// <exception cref="ArgumentException">The features are not ones the featurizer can read (see <see cref="ChurnFeaturizer.Encode(ChurnFeatures, Span{double})"/>).</exception>
    public double Probability(ChurnFeatures features)
    {
        var length = Featurizer.Length;
        var x = length <= StackLimit ? stackalloc double[length] : new double[length];
        Featurizer.Encode(features, x);
        return Scorer.Probability(x);
    }

    public double[] Probabilities(IEnumerable<ChurnExample> examples) => [.. examples.Select(e => Probability(e.Features))];
}
