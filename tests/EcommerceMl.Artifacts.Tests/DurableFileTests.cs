using System.Text;

namespace EcommerceMl.Artifacts.Tests;

public sealed class DurableFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ecml-durable-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task TryCreate_ManyWritersOfOneName_ExactlyOneCreatesIt_AndItHoldsThatWritersBytes_AndNoTempFileStays()
    {
        var path = Path.Combine(_folder.FullName, "manifest.json");
        var writers = Enumerable.Range(0, 16)
            .Select(i => Task.Run(async () => (Bytes: Encoding.UTF8.GetBytes($"writer {i}"), Created: await DurableFile.TryCreateAsync(path, Encoding.UTF8.GetBytes($"writer {i}"), TestContext.Current.CancellationToken))))
            .ToList();

        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r.Created);
        Assert.Equal(winner.Bytes, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal([path], Directory.GetFiles(_folder.FullName));
    }
}
