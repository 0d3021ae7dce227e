using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Churn;

public class IsotonicCalibrationTests
{
    /// <summary>Labels drawn with P(churn) = x², x uniform; the model says x: right ranking, too high in the middle.</summary>
    private static (List<double> Model, List<bool> Labels) Draw(int n, long seed)
    {
        var random = new SeededRandom(seed);
        var model = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < n; i++)
        {
            var x = random.NextDouble();
            labels.Add(random.Chance(x * x));
            model.Add(x);
        }

        return (model, labels);
    }

    [Fact]
    public void Fit_OnHeldOutData_ImprovesBrierOnFreshData()
    {
        var (validationScores, validationLabels) = Draw(3000, seed: 1);
        var (testScores, testLabels) = Draw(3000, seed: 2);

        var isotonic = IsotonicCalibration.Fit(validationScores, validationLabels);
        var calibrated = testScores.Select(isotonic.Apply).ToList();

        var before = ClassificationMetrics.Brier(testLabels, testScores);
        var after = ClassificationMetrics.Brier(testLabels, calibrated);
        Assert.True(after < before - 0.01, $"Brier {before:0.0000} → {after:0.0000}");
        Assert.Equal(0.25, isotonic.Apply(0.5), 0.06);
    }

    [Fact]
    public void Fit_PoolsViolatorsIntoANonDecreasingFunction()
    {
        // Scores 1..4 with labels 0, 1, 0, 1: the middle pair pools to 0.5.
        var isotonic = IsotonicCalibration.Fit([0.1, 0.2, 0.3, 0.4], [false, true, false, true]);

        Assert.Equal(IsotonicCalibration.Floor, isotonic.Apply(0.1), 12);
        Assert.Equal(0.5, isotonic.Apply(0.2), 12);
        Assert.Equal(0.5, isotonic.Apply(0.25), 12);
        Assert.Equal(0.5, isotonic.Apply(0.3), 12);
        Assert.Equal(1 - IsotonicCalibration.Floor, isotonic.Apply(0.9), 12);
        Assert.Equal((IsotonicCalibration.Floor + 0.5) / 2, isotonic.Apply(0.15), 12);
    }

    [Fact]
    public void Choose_PrefersIsotonicForAStepDistortion_AndPlattForALogitOne()
    {
        // A plateau then a jump (P = 0.3 below 0.7, 0.9 above): no sigmoid of the log-odds bends like that.
        var random = new SeededRandom(4);
        var curvedScores = new List<double>();
        var curvedLabels = new List<bool>();
        for (var i = 0; i < 3000; i++)
        {
            var x = random.NextDouble();
            curvedLabels.Add(random.Chance(x < 0.7 ? 0.3 : 0.9));
            curvedScores.Add(x);
        }

        var logitScores = new List<double>();
        var logitLabels = new List<bool>();
        for (var i = 0; i < 3000; i++)
        {
            var z = random.Normal();
            logitLabels.Add(random.Chance(1 / (1 + Math.Exp(-z))));
            logitScores.Add(1 / (1 + Math.Exp(-((2 * z) + 0.5))));
        }

        Assert.Equal(CalibrationMethod.Isotonic, ProbabilityCalibrator.Choose(curvedScores, curvedLabels, seed: 1));
        Assert.Equal(CalibrationMethod.Platt, ProbabilityCalibrator.Choose(logitScores, logitLabels, seed: 1));
    }
}
