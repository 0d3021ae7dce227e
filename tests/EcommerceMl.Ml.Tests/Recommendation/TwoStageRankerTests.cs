using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Trees;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace EcommerceMl.Ml.Tests.Recommendation;

public sealed class TwoStageRankerTests
{
    [Fact]
    public void CopiedTrees_ScoreAsTheTrainedLightGbmModel()
    {
        var random = new Random(7);
        var data = RankingRows.Empty();
        var (rows, labels, groups) = (data.Rows, data.Labels, data.Groups);
        for (uint g = 0; g < 60; g++)
        {
            for (var c = 0; c < 20; c++)
            {
                var row = Enumerable.Range(0, StageOne.FeatureCount).Select(_ => (float)random.NextDouble()).ToArray();
                rows.Add(row);
                labels.Add(row[0] + (0.5f * row[3]) + (0.2f * (float)random.NextDouble()) > 1.1f ? 1 : 0);
                groups.Add(g);
            }
        }

        var options = new LambdaRankOptions(Trees: 30, Leaves: 8, LearningRate: 0.1, MinRowsPerLeaf: 10, Seed: 3);
        var ml = new MLContext(3);
        var model = LambdaRankTrainer.FitModel(ml, data, options);
        var copied = TreeEnsemble.FromLightGbm(model.Model.TrainedTreeEnsemble, StageOne.FeatureCount);
        var expected = model.Transform(LambdaRankTrainer.Load(ml, data, groupCount: 61)).GetColumn<float>("Score").ToArray();

        Assert.True(copied.TreeCount > 1);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i], copied.Score(rows[i]), 1e-4);
        }
    }

    [Fact]
    public void FeatureNames_MatchTheFeatureCount() => Assert.Equal(StageOne.FeatureCount, StageOne.FeatureNames.Length);
}
