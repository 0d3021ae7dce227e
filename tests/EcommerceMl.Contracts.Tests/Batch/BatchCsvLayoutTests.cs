using EcommerceMl.Contracts.Batch;

namespace EcommerceMl.Contracts.Tests.Batch;

/// <summary>The CSV outputs' names: the cut a part or receipt belongs to reads back from its name, and nothing else passes for one.</summary>
public sealed class BatchCsvLayoutTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 4)]
    [InlineData(9_999, 10_000)]
    public void APartsAndAReceiptsName_CarryTheirShardAndCut(int shard, int shards)
    {
        Assert.Equal((shard, shards), BatchCsvLayout.ShardOf(BatchCsvLayout.PartName(shard, shards)));
        Assert.Equal((shard, shards), BatchCsvLayout.ShardOf(BatchCsvLayout.ReceiptName(shard, shards)));
    }

    [Theory]
    [InlineData("_SUCCESS")]
    [InlineData("_LATEST")]
    [InlineData("part-00001-of-00004.csv")]
    [InlineData("part-1-of-4.csv.gz")]
    [InlineData("part-00001-of-00004.csv.gz.0a1b.tmp")]
    [InlineData("_part-00001-of-00004.csv.gz")]
    [InlineData("part-0000a-of-00004.csv.gz")]
    public void OtherNames_AreNoPart(string name) => Assert.Null(BatchCsvLayout.ShardOf(name));

    [Fact]
    public void TheLayout_IsModelOutputVersion_WithHiddenBookkeeping()
    {
        Assert.Equal("shop-recs/customer_recommendations/version=20261206T010203Z-abcdef",
            BatchCsvLayout.VersionFolder("shop-recs", BatchOutputs.CustomerRecommendations, "20261206T010203Z-abcdef"));
        Assert.Equal("part-00002-of-00008.csv.gz", BatchCsvLayout.PartName(2, 8));
        Assert.All(new[] { BatchCsvLayout.Success, BatchCsvLayout.Latest, BatchCsvLayout.ReceiptName(2, 8) }, n => Assert.StartsWith("_", n, StringComparison.Ordinal));
    }
}
