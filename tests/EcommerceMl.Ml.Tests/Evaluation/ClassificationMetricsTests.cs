using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class ClassificationMetricsTests
{
    private static readonly bool[] Labels = [true, false, true, false, true];
    private static readonly double[] Scores = [0.9, 0.8, 0.6, 0.3, 0.2];

    [Fact]
    public void Auc_CountsPositiveAboveNegativePairs()
    {
        // Pairs (positive, negative): 0.9 beats both; 0.6 beats 0.3 only; 0.2 beats none → 3 of 6.
        Assert.Equal(0.5, ClassificationMetrics.Auc(Labels, Scores), 12);
    }

    [Fact]
    public void Auc_CountsTiesAsHalf()
    {
        // Pairs: (0.7 vs 0.7) tie = ½, (0.7 vs 0.1) = 1, (0.4 vs 0.7) = 0, (0.4 vs 0.1) = 1 → 2.5 / 4.
        Assert.Equal(0.625, ClassificationMetrics.Auc([true, false, true, false], [0.7, 0.7, 0.4, 0.1]), 12);
    }

    [Fact]
    public void AveragePrecision_SumsPrecisionAtEachRecallStep()
    {
        // Ranked: +(P 1/1, R 1/3), −, +(P 2/3, R 2/3), −, +(P 3/5, R 1) → (1 + 2/3 + 3/5) / 3.
        Assert.Equal((1 + 2.0 / 3 + 3.0 / 5) / 3, ClassificationMetrics.AveragePrecision(Labels, Scores), 12);
    }

    [Fact]
    public void AveragePrecision_TreatsTiedScoresAsOneThreshold()
    {
        // One threshold holding both rows: recall 1 at precision ½.
        Assert.Equal(0.5, ClassificationMetrics.AveragePrecision([true, false], [0.5, 0.5]), 12);
    }

    [Fact]
    public void BrierAndLogLoss_MatchHandComputedValues()
    {
        bool[] labels = [true, false];
        double[] probabilities = [0.8, 0.4];

        Assert.Equal((0.04 + 0.16) / 2, ClassificationMetrics.Brier(labels, probabilities), 12);
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.6)) / 2, ClassificationMetrics.LogLoss(labels, probabilities), 12);
    }

    [Fact]
    public void Compute_GivesDecisionMetricsAtThreshold05()
    {
        var metrics = ClassificationMetrics.Compute(Labels, Scores);

        // Predicted positive: 0.9, 0.8, 0.6 → TP 2, FP 1; FN 1, TN 1.
        Assert.Equal(3.0 / 5, metrics["accuracy"], 12);
        Assert.Equal(2.0 / 3, metrics["precision"], 12);
        Assert.Equal(2.0 / 3, metrics["recall"], 12);
        Assert.Equal(2.0 / 3, metrics["f1"], 12);
        Assert.Equal(
            ["accuracy", "auc", "brier", "f1", "log_loss", "pr_auc", "precision", "recall"],
            metrics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Confusion_WhenNothingIsPredictedPositive_GivesZeroPrecisionNotNaN()
    {
        var counts = ClassificationMetrics.Confusion([true, false], [0.1, 0.2]);

        Assert.Equal(0, counts.Precision);
        Assert.Equal(0, counts.F1);
    }

    [Fact]
    public void Auc_WithOneClassOnly_SaysWhy()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Auc([true, true], [0.1, 0.2]));

        Assert.Contains("both classes", error.Message, StringComparison.Ordinal);
    }
}
