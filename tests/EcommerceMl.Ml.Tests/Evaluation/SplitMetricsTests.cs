using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class SplitMetricsTests
{
    [Fact]
    public void Compute_AveragesHandComputedUserMetrics()
    {
        var recommended = new Dictionary<string, IReadOnlyList<string>>
        {
            ["a"] = ["x", "y", "z"], // one hit at rank 2 of 2 relevant
            ["b"] = ["w", "x", "q"], // one hit at rank 1 of 1 relevant
        };
        var test = new Dictionary<string, IReadOnlySet<string>>
        {
            ["a"] = new HashSet<string> { "y", "w" },
            ["b"] = new HashSet<string> { "w" },
        };

        var metrics = SplitMetrics.Compute(recommended, test, catalogueSize: 10, k: 3);

        var ndcgA = (1 / Math.Log2(3)) / (1 + (1 / Math.Log2(3)));
        Assert.Equal(((1 / 3.0) + (1 / 3.0)) / 2, metrics[SplitMetrics.Precision], 12);
        Assert.Equal((0.5 + 1) / 2, metrics[SplitMetrics.Recall], 12);
        Assert.Equal((ndcgA + 1) / 2, metrics[SplitMetrics.Ndcg], 12);
        Assert.Equal((0.25 + 1) / 2, metrics[SplitMetrics.Map], 12);     // (1/2) / 2 relevant
        Assert.Equal((0.25 + 1) / 2, metrics[SplitMetrics.MapAtK], 12);  // (1/2) / min(3, 2)
        Assert.Equal(1, metrics[SplitMetrics.HitRate], 12);
        Assert.Equal(0.5, metrics[SplitMetrics.Coverage], 12);           // x, y, z, w, q of 10
        Assert.Equal(2, metrics[SplitMetrics.UsersEvaluated]);
    }

    [Fact]
    public void Compute_WhenAnEvaluatedCustomerHasNoList_Refuses()
    {
        var test = new Dictionary<string, IReadOnlySet<string>> { ["a"] = new HashSet<string> { "y" } };

        Assert.Throws<ArgumentException>(() => SplitMetrics.Compute(new Dictionary<string, IReadOnlyList<string>>(), test, 10, 3));
    }
}
