namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Quality of predicted probabilities for a binary label (pure): ranking (AUC, PR-AUC),
/// decisions at a threshold (accuracy, precision, recall, F1) and calibration (Brier, log loss).
/// </summary>
public static class ClassificationMetrics
{
    public const double DefaultThreshold = 0.5;

    // Log loss of a confident wrong answer is infinite; clipping keeps one such row from
    // swamping the mean while still costing ~34.5 nats.
    private const double LogLossEpsilon = 1e-15;

    /// <summary>All the metrics at once, keyed by the names the manifest uses.</summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, double threshold = DefaultThreshold)
    {
        var confusion = Confusion(labels, probabilities, threshold);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["auc"] = Auc(labels, probabilities),
            ["pr_auc"] = AveragePrecision(labels, probabilities),
            ["accuracy"] = confusion.Accuracy,
            ["precision"] = confusion.Precision,
            ["recall"] = confusion.Recall,
            ["f1"] = confusion.F1,
            ["brier"] = Brier(labels, probabilities),
            ["log_loss"] = LogLoss(labels, probabilities),
        };
    }

    /// <summary>
    /// Area under the ROC curve as the Mann–Whitney statistic: the chance a random positive scores
    /// above a random negative, ties counting one half (average ranks).
    /// </summary>
    public static double Auc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var (positives, negatives) = CountClasses(labels, scores);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var positiveRankSum = 0.0;
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            // Ranks are 1-based; a tie group shares the mean of its ranks.
            var averageRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                if (labels[order[i]])
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end + 1;
        }

        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Average precision (scikit-learn's definition of PR-AUC): Σ (Rₖ − Rₖ₋₁)·Pₖ over thresholds
    /// taken at each distinct score, highest first; tied scores enter together.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var (positives, _) = CountClasses(labels, scores);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double truePositives = 0, predicted = 0, previousRecall = 0, sum = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            for (var i = start; i <= end; i++)
            {
                predicted++;
                if (labels[order[i]])
                {
                    truePositives++;
                }
            }

            var recall = truePositives / positives;
            sum += (recall - previousRecall) * (truePositives / predicted);
            previousRecall = recall;
            start = end + 1;
        }

        return sum;
    }

    /// <summary>Mean squared difference between probability and outcome (0 is perfect).</summary>
    public static double Brier(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        CheckPaired(labels, probabilities);
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var error = probabilities[i] - (labels[i] ? 1 : 0);
            sum += error * error;
        }

        return sum / labels.Count;
    }

    /// <summary>Mean negative log-likelihood (natural log), probabilities clipped to [1e-15, 1 − 1e-15].</summary>
    public static double LogLoss(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        CheckPaired(labels, probabilities);
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], LogLossEpsilon, 1 - LogLossEpsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / labels.Count;
    }

    /// <summary>Counts at a threshold: a probability at or above it predicts the positive class.</summary>
    public static ConfusionCounts Confusion(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, double threshold = DefaultThreshold)
    {
        CheckPaired(labels, probabilities);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var positive = probabilities[i] >= threshold;
            switch ((positive, labels[i]))
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }

        return new ConfusionCounts(tp, fp, tn, fn);
    }

    private static (int Positives, int Negatives) CountClasses(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        CheckPaired(labels, scores);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"Ranking metrics need both classes; the labels hold {positives} positive and {negatives} negative rows.", nameof(labels));
        }

        return (positives, negatives);
    }

    private static void CheckPaired(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count == 0)
        {
            throw new ArgumentException("A classification metric needs at least one row.", nameof(labels));
        }

        if (labels.Count != scores.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores.", nameof(scores));
        }
    }
}

/// <summary>A confusion matrix. Precision (recall) with nothing predicted (no positives) is 0, as scikit-learn's zero_division=0.</summary>
public sealed record ConfusionCounts(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public double Accuracy => Total == 0 ? 0 : (double)(TruePositives + TrueNegatives) / Total;

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
