using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Tests.Rollout.Analysis;

public sealed class HistogramQuantileTests
{
    [Fact]
    public void Of_InterpolatesInsideTheBucketTheRankFallsIn_AsPrometheusDoes()
    {
        // 100 requests: 50 up to 10 ms, 40 more up to 20 ms, 10 more up to 40 ms. Rank 99 is 9/10 into the last bucket.
        HistogramBucket[] buckets = [new(0.01, 50), new(0.02, 90), new(0.04, 100), new(double.PositiveInfinity, 100)];

        Assert.Equal(0.038, HistogramQuantile.Of(0.99, buckets)!.Value, 10);
        Assert.Equal(0.01, HistogramQuantile.Of(0.5, buckets)!.Value, 10);
    }

    [Fact]
    public void Of_AboveTheHighestFiniteBound_IsThatBound()
    {
        HistogramBucket[] buckets = [new(0.01, 0), new(32.768, 0), new(double.PositiveInfinity, 10)];

        Assert.Equal(32.768, HistogramQuantile.Of(0.99, buckets));
    }

    [Fact]
    public void Of_AnEmptyHistogram_IsNull()
    {
        Assert.Null(HistogramQuantile.Of(0.99, []));
        Assert.Null(HistogramQuantile.Of(0.99, [new HistogramBucket(0.01, 0), new HistogramBucket(double.PositiveInfinity, 0)]));
    }
}
