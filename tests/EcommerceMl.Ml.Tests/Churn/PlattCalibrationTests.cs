using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Churn;

public class PlattCalibrationTests
{
    /// <summary>Labels drawn with P(churn) = σ(x); the model says σ(3x + 1): right ranking, overconfident, biased.</summary>
    private static (List<double> Model, List<bool> Labels) Draw(int n, long seed)
    {
        var random = new SeededRandom(seed);
        var model = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < n; i++)
        {
            var x = random.Normal();
            labels.Add(random.Chance(1 / (1 + Math.Exp(-x))));
            model.Add(1 / (1 + Math.Exp(-((3 * x) + 1))));
        }

        return (model, labels);
    }

    [Fact]
    public void Fit_OnHeldOutData_ImprovesBrierOnFreshData()
    {
        var (validationScores, validationLabels) = Draw(2000, seed: 1);
        var (testScores, testLabels) = Draw(2000, seed: 2);

        var platt = PlattCalibration.Fit(validationScores, validationLabels);
        var calibrated = testScores.Select(platt.Apply).ToList();

        var before = ClassificationMetrics.Brier(testLabels, testScores);
        var after = ClassificationMetrics.Brier(testLabels, calibrated);
        Assert.True(after < before - 0.01, $"Brier {before:0.0000} → {after:0.0000}");
        Assert.Equal(1.0 / 3, platt.Slope, 0.06);
        Assert.Equal(ClassificationMetrics.Auc(testLabels, testScores), ClassificationMetrics.Auc(testLabels, calibrated), 12);
    }
}
