using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

public sealed class ShardRangeTests
{
    [Theory]
    [InlineData(10, 4)]
    [InlineData(3, 4)]
    [InlineData(0, 2)]
    [InlineData(1_000_003, 7)]
    public void Ranges_CoverEveryKeyOnce_InOrder_WithSizesDifferingByAtMostOne(int count, int shards)
    {
        var bounds = Enumerable.Range(0, shards).Select(s => ShardRange.Bounds(count, s, shards)).ToList();

        Assert.Equal(0, bounds[0].Start);
        Assert.Equal(count, bounds[^1].End);
        Assert.All(bounds.Zip(bounds.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        var sizes = bounds.Select(b => b.End - b.Start).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
    }

    [Fact]
    public void Of_SortsTheKeysWhateverTheirOrder_SoEveryProcessCutsTheSameRanges()
    {
        string[] keys = ["C5", "C1", "C4", "C2", "C3"];

        var first = ShardRange.Of(keys, 0, 2);
        var second = ShardRange.Of(keys.Reverse(), 1, 2);

        Assert.Equal(["C1", "C2"], first.Keys);
        Assert.Equal(["C3", "C4", "C5"], second.Keys);
        Assert.Equal(("C3", "C5"), (second.First, second.Last));
    }

    [Fact]
    public void Of_AShardWithoutKeys_HasNoBounds()
    {
        var empty = ShardRange.Of(["only"], 0, 2);

        Assert.Empty(empty.Keys);
        Assert.Null(empty.First);
    }

    [Theory]
    [InlineData(2, 2, "shard 2 does not exist: with 2 shards they are numbered 0 to 1")]
    [InlineData(0, 0, "shards must be at least 1, not 0")]
    public void Of_AShardOutsideTheRun_SaysWhich(int shard, int shards, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => ShardRange.Of(["a"], shard, shards)).Message);
}
