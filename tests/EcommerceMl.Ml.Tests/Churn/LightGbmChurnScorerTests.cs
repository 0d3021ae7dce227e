using EcommerceMl.Ml.Churn;
using Microsoft.ML;

namespace EcommerceMl.Ml.Tests.Churn;

public class LightGbmChurnScorerTests
{
    [Fact]
    public void Probability_FromTheCopiedTrees_EqualsMlNetsOwnPrediction()
    {
        var dataset = ChurnLabeler.ForTraining(ChurnTestData.WithAttributes(ChurnTestData.SyntheticPopulation()), 60);
        var featurizer = ChurnFeaturizer.Fit(dataset.Examples.Select(e => e.Features));
        var rows = dataset.Examples.Select(e => featurizer.Encode(e.Features)).ToList();
        var labels = dataset.Examples.Select(e => e.Churned).ToList();
        var ml = new MLContext(5);
        var trained = LightGbmChurnTrainer.FitModel(ml, rows, labels, new LightGbmChurnOptions(Trees: 50, MinRowsPerLeaf: 10), seed: 5);

        var scorer = LightGbmChurnTrainer.Copy(trained, featurizer.Length);
        var oracle = LightGbmChurnTrainer.PredictWithMlNet(ml, trained, rows);

        Assert.Equal(50, scorer.TreeCount);
        for (var i = 0; i < rows.Count; i++)
        {
            // ML.NET sums the trees in float32; the copy in float64.
            Assert.Equal(oracle[i], scorer.Probability(rows[i]), tolerance: 1e-5);
        }

        Assert.Contains(oracle, p => p > 0.5);
        Assert.Contains(oracle, p => p < 0.5);
    }
}
