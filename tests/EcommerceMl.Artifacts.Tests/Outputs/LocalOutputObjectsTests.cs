using EcommerceMl.Artifacts.Outputs;

namespace EcommerceMl.Artifacts.Tests.Outputs;

/// <summary>The output objects contract in a local folder, and what a crash mid-write leaves.</summary>
public sealed class LocalOutputObjectsTests : OutputObjectsContractTests
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ecml-local-outputs-");

    protected override IOutputObjects CreateObjects() => new LocalOutputObjects(Path.Combine(_root.FullName, Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task AWriteThatNeverFinished_LeavesATempFile_ThatListingsSkip()
    {
        var objects = (LocalOutputObjects)CreateObjects();
        await objects.PutAsync("m/t/_LATEST", Bytes("v1\n"), Ct);
        await File.WriteAllTextAsync(Path.Combine(objects.Root, "m", "t", "_LATEST.0123abcd.tmp"), "v2", Ct);

        Assert.Equal(["m/t/_LATEST"], await objects.ListAsync("m", Ct));
        Assert.Equal("v1\n", Text(await objects.ReadAsync("m/t/_LATEST", Ct)));
    }

    [Fact]
    public async Task PutFile_LeavesNoTempFileBehind()
    {
        var objects = (LocalOutputObjects)CreateObjects();
        var file = Path.Combine(_root.FullName, "part.csv.gz");
        await File.WriteAllBytesAsync(file, [1, 2, 3], Ct);

        await objects.PutFileAsync("m/t/version=1/part-00000-of-00001.csv.gz", file, Ct);

        Assert.Equal(["part-00000-of-00001.csv.gz"], Directory.GetFiles(Path.Combine(objects.Root, "m", "t", "version=1")).Select(Path.GetFileName));
    }
}
