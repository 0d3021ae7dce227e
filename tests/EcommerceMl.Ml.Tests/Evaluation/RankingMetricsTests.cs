using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Evaluation;

// Expected values are worked out by hand in the comments: hits, positions, then the formula.
public class RankingMetricsTests
{
    private static readonly string[] Recommended = ["a", "b", "c", "d", "e"];
    private static readonly HashSet<string> Relevant = ["b", "d", "x"];

    [Fact]
    public void PrecisionAtK_IsHitsInTopKOverK()
    {
        Assert.Equal(2.0 / 5, RankingMetrics.PrecisionAtK(Recommended, Relevant, 5), 12); // b, d
        Assert.Equal(1.0 / 2, RankingMetrics.PrecisionAtK(Recommended, Relevant, 2), 12); // b
        Assert.Equal(0.0, RankingMetrics.PrecisionAtK(Recommended, Relevant, 1), 12);
    }

    [Fact]
    public void PrecisionAtK_WhenFewerThanKRecommended_StillDividesByK()
    {
        Assert.Equal(0.1, RankingMetrics.PrecisionAtK(["b"], Relevant, 10), 12);
    }

    [Fact]
    public void RecallAtK_IsHitsOverRelevantItems()
    {
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAtK(Recommended, Relevant, 5), 12);
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAtK(Recommended, Relevant, 2), 12);
        Assert.Equal(0.0, RankingMetrics.RecallAtK(Recommended, new HashSet<string>(), 5), 12);
    }

    [Fact]
    public void HitRateAtK_IsOneWhenAnyTopKItemIsRelevant()
    {
        Assert.Equal(1.0, RankingMetrics.HitRateAtK(Recommended, Relevant, 2));
        Assert.Equal(0.0, RankingMetrics.HitRateAtK(Recommended, Relevant, 1));
    }

    [Fact]
    public void NdcgAtK_UsesBinaryGainAndTheIdealListOfMinKAndRelevant()
    {
        // k = 5: hits at positions 2 and 4 → DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606;
        // ideal: 3 relevant items at positions 1..3 → 1 + 0.630930 + 0.5 = 2.130930; NDCG = 0.498189.
        Assert.Equal(0.498189, RankingMetrics.NdcgAtK(Recommended, Relevant, 5), 5);

        // k = 2: hit at position 2 → 0.630930; ideal 2 items → 1.630930; NDCG = 0.386853.
        Assert.Equal(0.386853, RankingMetrics.NdcgAtK(Recommended, Relevant, 2), 5);

        // A perfect list scores 1.
        Assert.Equal(1.0, RankingMetrics.NdcgAtK(["b", "d", "x", "a"], Relevant, 4), 12);
    }

    [Fact]
    public void Map_DividesAveragePrecisionByAllRelevantItems()
    {
        // k = 5: precision at the hits: 1/2 (b), 2/4 (d) → sum 1.0; three relevant items → 1/3.
        Assert.Equal(1.0 / 3, RankingMetrics.Map(Recommended, Relevant, 5), 12);

        // k = 2: only b at position 2 → 0.5; / 3 → 1/6.
        Assert.Equal(1.0 / 6, RankingMetrics.Map(Recommended, Relevant, 2), 12);
    }

    [Fact]
    public void MapAtK_DividesAveragePrecisionByMinOfKAndRelevantItems()
    {
        // k = 5: sum 1.0 / min(5, 3) = 1/3. k = 2: 0.5 / min(2, 3) = 1/4.
        Assert.Equal(1.0 / 3, RankingMetrics.MapAtK(Recommended, Relevant, 5), 12);
        Assert.Equal(1.0 / 4, RankingMetrics.MapAtK(Recommended, Relevant, 2), 12);

        // A perfect top 2 of a user with 3 relevant items: (1/1 + 2/2) / 2 = 1, while Map gives 2/3.
        Assert.Equal(1.0, RankingMetrics.MapAtK(["b", "d"], Relevant, 2), 12);
        Assert.Equal(2.0 / 3, RankingMetrics.Map(["b", "d"], Relevant, 2), 12);
    }

    [Fact]
    public void Coverage_IsShareOfCatalogueInAnyTopK()
    {
        string[][] lists = [["a", "b"], ["b", "c"]];

        Assert.Equal(3.0 / 10, RankingMetrics.Coverage(lists, 10, 2), 12); // a, b, c
        Assert.Equal(2.0 / 10, RankingMetrics.Coverage(lists, 10, 1), 12); // a, b
        Assert.Equal(0.0, RankingMetrics.Coverage(lists, 0, 2), 12);
    }

    [Fact]
    public void Metrics_WhenKIsNotPositive_Refuse()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.PrecisionAtK(Recommended, Relevant, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.NdcgAtK(Recommended, Relevant, -1));
    }
}
