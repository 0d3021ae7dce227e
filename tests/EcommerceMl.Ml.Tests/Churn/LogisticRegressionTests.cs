using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Churn;

public class LogisticRegressionTests
{
    [Fact]
    public void Fit_WithoutPenalty_RecoversTheGeneratingWeights()
    {
        var random = new SeededRandom(5);
        var rows = new List<double[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            double[] x = [random.Normal(), random.Normal()];
            rows.Add(x);
            labels.Add(random.Chance(1 / (1 + Math.Exp(-((1.5 * x[0]) - (0.5 * x[1]) + 0.3)))));
        }

        var logit = LogisticRegression.Fit(rows, labels, l2: 0);

        Assert.Equal(1.5, logit.Weights[0], 0.08);
        Assert.Equal(-0.5, logit.Weights[1], 0.06);
        Assert.Equal(0.3, logit.Bias, 0.06);
    }

    [Fact]
    public void Fit_WithAPenalty_ShrinksTheWeights()
    {
        double[][] rows = [[-2], [-1], [1], [2], [0.5], [-0.5]];
        bool[] labels = [false, false, true, true, false, true];

        var free = LogisticRegression.Fit(rows, labels, l2: 0.01);
        var penalised = LogisticRegression.Fit(rows, labels, l2: 10);

        Assert.True(Math.Abs(penalised.Weights[0]) < Math.Abs(free.Weights[0]));
    }
}
