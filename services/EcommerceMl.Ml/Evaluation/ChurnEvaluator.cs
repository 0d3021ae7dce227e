using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// The churn evaluation protocol (pure): rows shuffled with a stated seed (after sorting by id, so
/// only the seed matters) and cut 60/20/20 into train, validation and test. Every model reports
/// <c>cv_auc</c> (mean ROC AUC of 5-fold cross-validation on train+validation) and, on the test
/// 20%, <c>auc</c>, <c>pr_auc</c>, <c>accuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c> (at
/// 0.5) and <c>brier</c>. Features are standardised with the statistics of whatever a model is fitted on.
/// <list type="bullet">
/// <item><c>logistic</c>: L2 logistic regression (C = 1) fitted on train+validation — the published
/// telco baseline's protocol.</item>
/// <item><c>logistic-platt</c>: fitted on train only, Platt-calibrated on validation, judged on test.
/// Its <c>cv_auc</c> is the logistic one: a monotone calibration does not change a ranking.</item>
/// <item><c>lightgbm</c> and <c>lightgbm-platt</c>: the same two protocols with gradient-boosted
/// trees (<see cref="LightGbmClassifier"/>).</item>
/// </list>
/// </summary>
public static class ChurnEvaluator
{
    public const int DefaultSeed = 1;
    public const int Folds = 5;

    public static MetricsReport Evaluate(string dataset, string description, IReadOnlyList<ChurnRow> rows, int seed = DefaultSeed, double l2 = 1.0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 50)
        {
            throw new ArgumentException($"{rows.Count} labelled customers are too few for a 60/20/20 split with 5-fold cross-validation (50 at least).", nameof(rows));
        }

        var shuffled = rows.OrderBy(r => r.CustomerId, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(shuffled);
        var testCount = (int)Math.Round(shuffled.Length * 0.2);
        var test = shuffled[..testCount];
        var trainValidation = shuffled[testCount..];
        var validationCount = (int)Math.Round(trainValidation.Length * 0.25);
        var validation = trainValidation[..validationCount];
        var train = trainValidation[validationCount..];

        var labels = test.Select(r => r.Churned).ToList();
        var results = new List<AlgorithmScores>();
        foreach (var (name, fit) in new (string, Func<IReadOnlyList<ChurnRow>, Func<IReadOnlyList<double[]>, double[]>>)[]
        {
            ("logistic", rows => FitLogistic(rows, l2)),
            ("lightgbm", rows => FitLightGbm(rows, seed)),
        })
        {
            var cvAuc = CrossValidatedAuc(trainValidation, fit);
            var full = fit(trainValidation);
            results.Add(Scores(name, cvAuc, labels, full(Features(test))));

            var trainOnly = fit(train);
            var platt = PlattCalibration.Fit(trainOnly(Features(validation)), [.. validation.Select(r => r.Churned)]);
            results.Add(Scores(name + "-platt", cvAuc, labels, [.. trainOnly(Features(test)).Select(platt.Apply)]));
        }

        var churnRate = rows.Count(r => r.Churned) / (double)rows.Count;
        var protocol = $"{description}; {rows.Count} customers (churn rate {churnRate:0.000}), seed {seed}: 60/20/20 train/validation/test " +
            $"({train.Length}/{validation.Length}/{test.Length}); cv_auc = {Folds}-fold CV on train+validation; test metrics at threshold 0.5";
        return new MetricsReport(dataset, protocol, results);
    }

    /// <summary>Mean test-fold AUC of <see cref="Folds"/>-fold cross-validation (contiguous folds of the shuffled rows).</summary>
    internal static double CrossValidatedAuc(IReadOnlyList<ChurnRow> rows, Func<IReadOnlyList<ChurnRow>, Func<IReadOnlyList<double[]>, double[]>> fit)
    {
        var aucs = new List<double>();
        for (var fold = 0; fold < Folds; fold++)
        {
            var from = rows.Count * fold / Folds;
            var to = rows.Count * (fold + 1) / Folds;
            var held = rows.Skip(from).Take(to - from).ToList();
            var model = fit([.. rows.Take(from), .. rows.Skip(to)]);
            aucs.Add(ClassificationMetrics.Auc([.. held.Select(r => r.Churned)], model(Features(held))));
        }

        return aucs.Average();
    }

    /// <summary>Standardise with the rows' statistics (constant columns pass through centred), fit, and return the batch probability function.</summary>
    internal static Func<IReadOnlyList<double[]>, double[]> FitLogistic(IReadOnlyList<ChurnRow> rows, double l2)
    {
        var width = rows[0].Features.Length;
        var means = new double[width];
        var stds = new double[width];
        for (var j = 0; j < width; j++)
        {
            means[j] = rows.Average(r => r.Features[j]);
            var variance = rows.Average(r => (r.Features[j] - means[j]) * (r.Features[j] - means[j]));
            stds[j] = variance > 0 ? Math.Sqrt(variance) : 1;
        }

        var standardizer = new FeatureStandardizer(means, stds);
        var logit = LogisticRegression.Fit([.. rows.Select(r => standardizer.Apply(r.Features))], [.. rows.Select(r => r.Churned)], l2);
        return batch => [.. batch.Select(features => logit.Probability(standardizer.Apply(features)))];
    }

    /// <summary>LightGBM on the raw features (trees need no standardising), probabilities per row.</summary>
    internal static Func<IReadOnlyList<double[]>, double[]> FitLightGbm(IReadOnlyList<ChurnRow> rows, int seed)
    {
        var model = LightGbmClassifier.Fit(Features(rows), [.. rows.Select(r => r.Churned)], seed);
        return model.Predict;
    }

    private static List<double[]> Features(IEnumerable<ChurnRow> rows) => [.. rows.Select(r => r.Features)];

    private static AlgorithmScores Scores(string algorithm, double cvAuc, IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        var metrics = ClassificationMetrics.Compute(labels, probabilities);
        string[] order = ["auc", "pr_auc", "accuracy", "precision", "recall", "f1", "brier"];
        return new AlgorithmScores(algorithm, [KeyValuePair.Create("cv_auc", cvAuc), .. order.Select(k => KeyValuePair.Create(k, metrics[k]))]);
    }
}
