using System.Text;
using EcommerceMl.Artifacts.Outputs;

namespace EcommerceMl.Artifacts.Tests.Outputs;

/// <summary>What the CSV batch outputs rely on, for both stores: a put replaces an object whole; listings, reads and deletes under the prefix only.</summary>
public abstract class OutputObjectsContractTests : IDisposable
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("ecml-output-objects-");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IOutputObjects CreateObjects();

    public void Dispose()
    {
        _files.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Put_ReplacesAnObject_AndReadReturnsTheNewBytes()
    {
        var objects = CreateObjects();

        await objects.PutAsync("m/t/_LATEST", Bytes("v1\n"), Ct);
        await objects.PutAsync("m/t/_LATEST", Bytes("v2\n"), Ct);

        Assert.Equal("v2\n", Text(await objects.ReadAsync("m/t/_LATEST", Ct)));
        Assert.Equal(["m/t/_LATEST"], await objects.ListAsync("m", Ct));
    }

    [Fact]
    public async Task PutFile_WritesTheFilesBytes_OverAnEarlierObject()
    {
        var objects = CreateObjects();
        await objects.PutAsync("m/t/version=1/part-00000-of-00001.csv.gz", Bytes("old"), Ct);
        var file = Path.Combine(_files.FullName, "part.csv.gz");
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251)).ToArray();
        await File.WriteAllBytesAsync(file, content, Ct);

        await objects.PutFileAsync("m/t/version=1/part-00000-of-00001.csv.gz", file, Ct);

        Assert.Equal(content, await objects.ReadAsync("m/t/version=1/part-00000-of-00001.csv.gz", Ct));
        Assert.Equal(["m/t/version=1/part-00000-of-00001.csv.gz"], await objects.ListAsync("m/t", Ct));
    }

    [Fact]
    public async Task List_IsRecursiveAndSorted_AndEmptyForAFolderThatDoesNotExist()
    {
        var objects = CreateObjects();
        foreach (var path in new[] { "m/t/version=2/_SUCCESS", "m/t/_LATEST", "m/t/version=1/part-00000-of-00001.csv.gz", "other/x" })
        {
            await objects.PutAsync(path, Bytes(path), Ct);
        }

        Assert.Equal(["m/t/_LATEST", "m/t/version=1/part-00000-of-00001.csv.gz", "m/t/version=2/_SUCCESS"], await objects.ListAsync("m/t", Ct));
        Assert.Empty(await objects.ListAsync("nothing/here", Ct));
    }

    [Fact]
    public async Task Read_OfAMissingObject_IsNull_AndDelete_IsSafeToRepeat()
    {
        var objects = CreateObjects();
        await objects.PutAsync("m/t/version=1/_part-00000-of-00002.json", Bytes("{}"), Ct);

        await objects.DeleteAsync("m/t/version=1/_part-00000-of-00002.json", Ct);
        await objects.DeleteAsync("m/t/version=1/_part-00000-of-00002.json", Ct);

        Assert.Null(await objects.ReadAsync("m/t/version=1/_part-00000-of-00002.json", Ct));
        Assert.Empty(await objects.ListAsync("m", Ct));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("m/./t")]
    [InlineData("m//t")]
    public async Task APathLeavingThePrefix_IsRefused(string path)
    {
        var objects = CreateObjects();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => objects.PutAsync(path, Bytes("x"), Ct));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
