using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

public sealed class ParallelRowsTests
{
    // More than two blocks of ParallelRows.BlockSize, and a last block that no chunk size below divides.
    private static readonly string[] Keys = [.. Enumerable.Range(0, (2 * ParallelRows.BlockSize) + 1001).Select(i => $"k{i}")];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    [InlineData(100_000)] // one chunk per block
    public void OfChunks_GivesEveryKeysRowsInKeyOrder(int chunkSize)
    {
        var rows = ParallelRows.OfChunks<string>(Keys, chunkSize, chunk => [.. chunk.Select(key => new[] { key + "/a", key + "/b" })]).ToList();

        Assert.Equal(Keys.SelectMany(key => new[] { key + "/a", key + "/b" }), rows);
    }

    [Fact]
    public void OfChunks_WhenAChunkAnswersForTooFewKeys_FailsNamingTheCounts()
    {
        var error = Assert.Throws<AggregateException>(() => ParallelRows.OfChunks<string>(Keys, 10, chunk => new string[chunk.Count - 1][]).ToList());

        // Chunks run in parallel, so more than one may fail before the rest are stopped: each says what was wrong.
        Assert.All(error.Flatten().InnerExceptions, e => Assert.Contains("for a chunk of 10 keys", e.Message, StringComparison.Ordinal));
        Assert.NotEmpty(error.Flatten().InnerExceptions);
    }

    [Fact]
    public void Of_GivesEveryKeysRowsInKeyOrder()
    {
        Assert.Equal(Keys, ParallelRows.Of(Keys, key => new[] { key }));
    }
}
