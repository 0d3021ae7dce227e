using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Tests.Recommendation;

public sealed class RankerEarlyStoppingTests
{
    [Fact]
    public void MeanNdcg_MatchesHandComputedGroups()
    {
        // Group 1: the only positive ranked 2nd → 1/log2(3). Group 2: same. Group 3: positives at
        // ranks 1 and 3 of 3 → (1 + 1/2) / (1 + 1/log2(3)).
        double[] scores = [3, 2, 1, 1, 2, 1, 3, 2];
        float[] labels = [0, 1, 0, 1, 0, 1, 1, 0];
        uint[] groups = [0, 0, 0, 1, 1, 2, 2, 2];
        var second = 1 / Math.Log2(3);
        var expected = (second + second + (1.5 / (1 + second))) / 3;

        var ndcg = RankerEarlyStopping.MeanNdcg(scores, labels, RankerEarlyStopping.GroupBounds(groups), k: 10);

        Assert.Equal(expected, ndcg, 1e-12);
    }

    [Fact]
    public void MeanNdcg_CutsTheListAtK()
    {
        // The positive is ranked 3rd: outside the top 2, so nDCG@2 is 0 while nDCG@3 is 1/log2(4).
        double[] scores = [3, 2, 1];
        float[] labels = [0, 0, 1];
        var bounds = RankerEarlyStopping.GroupBounds(new uint[] { 5, 5, 5 });

        Assert.Equal(0, RankerEarlyStopping.MeanNdcg(scores, labels, bounds, k: 2), 1e-12);
        Assert.Equal(0.5, RankerEarlyStopping.MeanNdcg(scores, labels, bounds, k: 3), 1e-12);
    }

    [Fact]
    public void BestTreeCount_StopsBeforeATreeThatHurtsTheHeldOutCustomers()
    {
        // Tree 1 lifts rows with feature 0 high (the positives); tree 2 lifts feature 1 (the negatives) harder.
        var helps = Stump(feature: 0, low: -1, high: 1);
        var hurts = Stump(feature: 1, low: -3, high: 3);
        var ensemble = new TreeEnsemble(StageOne.FeatureCount, 0, [helps, hurts]);
        var validation = RankingRows.Empty();
        for (uint g = 0; g < 4; g++)
        {
            // The positive last: with no trees every score ties and row order puts it last.
            Add(validation, g, positive: false);
            Add(validation, g, positive: false);
            Add(validation, g, positive: true);
        }

        var (trees, ndcg) = RankerEarlyStopping.BestTreeCount(ensemble, validation, k: 10, step: 1);
        var truncated = ensemble.Truncate(trees);

        Assert.Equal(1, trees);
        Assert.Equal(1.0, ndcg, 1e-12);
        Assert.Equal(1, truncated.TreeCount);
        Assert.Equal(1.0, truncated.Score(validation.Rows[2]), 1e-12);
    }

    private static TreeEnsemble.Tree Stump(int feature, double low, double high) =>
        new([~0], [~1], [feature], [0.5f], [low, high]);

    private static void Add(RankingRows rows, uint group, bool positive)
    {
        var features = new float[StageOne.FeatureCount];
        features[0] = positive ? 1 : 0;
        features[1] = positive ? 0 : 1;
        rows.Rows.Add(features);
        rows.Labels.Add(positive ? 1 : 0);
        rows.Groups.Add(group);
    }
}
