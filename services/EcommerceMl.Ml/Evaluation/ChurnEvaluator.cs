using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// The churn evaluation protocol (pure), through the same <see cref="ChurnClassifier"/> the trainer
/// serves (featurizer fitted inside every fit, on that fit's rows only). Customers are shuffled with a
/// stated seed (after sorting by id, so only the seed matters) and cut 60/20/20 into train, validation
/// and test. Every row reports <c>cv_auc</c> (mean ROC AUC of 5-fold cross-validation on
/// train+validation) and, on the test 20%, <c>auc</c>, <c>pr_auc</c>, <c>accuracy</c>,
/// <c>precision</c>, <c>recall</c>, <c>f1</c> (at 0.5), <c>brier</c> and <c>brier_uncalibrated</c>:
/// <list type="bullet">
/// <item><c>logistic</c>, <c>lightgbm</c>: fitted on train+validation, uncalibrated — the published
/// telco baseline's protocol (<c>brier_uncalibrated</c> = <c>brier</c>).</item>
/// <item><c>…-platt</c>, <c>…-isotonic</c>: fitted on train only, calibrated on validation, judged on
/// test; <c>brier_uncalibrated</c> is the same train-only model before calibration, so the pair shows
/// what calibration did. <c>cv_auc</c> is the uncalibrated one: a monotone map hardly changes a ranking.</item>
/// </list>
/// </summary>
public static class ChurnEvaluator
{
    public const int DefaultSeed = 1;
    public const int Folds = 5;

    private static readonly string[] Shown = ["auc", "pr_auc", "accuracy", "precision", "recall", "f1", "brier"];

    public static MetricsReport Evaluate(
        string dataset, string description, IReadOnlyList<ChurnExample> examples, int seed = DefaultSeed, Func<string, ChurnFitOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count < 50)
        {
            throw new ArgumentException($"{examples.Count} labelled customers are too few for a 60/20/20 split with 5-fold cross-validation (50 at least).", nameof(examples));
        }

        options ??= algorithm => new ChurnFitOptions(algorithm, Seed: seed);
        var shuffled = examples.OrderBy(r => r.CustomerId, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(shuffled);
        var testCount = (int)Math.Round(shuffled.Length * 0.2);
        var test = shuffled[..testCount];
        var trainValidation = shuffled[testCount..];
        var validationCount = (int)Math.Round(trainValidation.Length * 0.25);
        var validation = trainValidation[..validationCount];
        var train = trainValidation[validationCount..];

        var labels = test.Select(r => r.Churned).ToList();
        var validationLabels = validation.Select(r => r.Churned).ToList();
        var results = new List<AlgorithmScores>();
        foreach (var algorithm in ChurnFitOptions.Algorithms)
        {
            var fit = options(algorithm);
            var cvAuc = CrossValidatedAuc(trainValidation, fit);
            var full = ChurnClassifier.Fit(trainValidation, fit).Probabilities(test);
            results.Add(Scores(algorithm, cvAuc, labels, full, full));

            var trainOnly = ChurnClassifier.Fit(train, fit);
            var raw = trainOnly.Probabilities(test);
            var validationScores = trainOnly.Probabilities(validation);
            foreach (var method in new[] { CalibrationMethod.Platt, CalibrationMethod.Isotonic })
            {
                var calibrator = ProbabilityCalibrator.Fit(method, validationScores, validationLabels);
                results.Add(Scores($"{algorithm}-{ProbabilityCalibrator.Name(method)}", cvAuc, labels, [.. raw.Select(calibrator.Apply)], raw));
            }
        }

        var churnRate = examples.Count(r => r.Churned) / (double)examples.Count;
        var protocol = $"{description}; {examples.Count} customers (churn rate {churnRate:0.000}), seed {seed}: 60/20/20 train/validation/test " +
            $"({train.Length}/{validation.Length}/{test.Length}); cv_auc = {Folds}-fold CV on train+validation; uncalibrated rows fitted on " +
            "train+validation, -platt/-isotonic fitted on train and calibrated on validation; test metrics at threshold 0.5";
        return new MetricsReport(dataset, protocol, results);
    }

    /// <summary>Mean test-fold AUC of <see cref="Folds"/>-fold cross-validation (contiguous folds of the shuffled rows).</summary>
    internal static double CrossValidatedAuc(IReadOnlyList<ChurnExample> rows, ChurnFitOptions options)
    {
        var aucs = new List<double>();
        for (var fold = 0; fold < Folds; fold++)
        {
            var from = rows.Count * fold / Folds;
            var to = rows.Count * (fold + 1) / Folds;
            var held = rows.Skip(from).Take(to - from).ToList();
            var model = ChurnClassifier.Fit([.. rows.Take(from), .. rows.Skip(to)], options);
            aucs.Add(ClassificationMetrics.Auc([.. held.Select(r => r.Churned)], model.Probabilities(held)));
        }

        return aucs.Average();
    }

    private static AlgorithmScores Scores(string algorithm, double cvAuc, IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, IReadOnlyList<double> uncalibrated)
    {
        var metrics = ClassificationMetrics.Compute(labels, probabilities);
        return new AlgorithmScores(algorithm,
        [
            KeyValuePair.Create("cv_auc", cvAuc),
            .. Shown.Select(k => KeyValuePair.Create(k, metrics[k])),
            KeyValuePair.Create("brier_uncalibrated", ClassificationMetrics.Brier(labels, uncalibrated)),
        ]);
    }
}
