using EcommerceMl.Artifacts;

namespace EcommerceMl.Cli.Tests;

public sealed class StoreCommandTests : IDisposable
{
    private const string Version = "20261123T010000Z-aaaaaa";
    private const string CutShort = "20261123T020000Z-bbbbbb";
    private readonly string _store = Directory.CreateTempSubdirectory("ecml-store-gc-").FullName;

    public void Dispose() => Directory.Delete(_store, recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A complete version, and the folder of a trainer killed mid-publish two hours ago (a claim and one file, no manifest).</summary>
    private async Task<string> StoreWithALeftoverAsync()
    {
        await new LocalModelStore(_store).PublishAsync(new ModelManifest
        {
            Model = "shop-recs",
            Version = Version,
            Task = "recommendation",
            Algorithm = "popularity",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Data = new DataFingerprint("synthetic", new string('0', 64), new Dictionary<string, long>(), null, null),
            Files = new Dictionary<string, string>(),
        }, new Dictionary<string, byte[]> { ["model.bin"] = [1] }, Ct);
        var leftover = Path.Combine(_store, "models", "shop-recs", "versions", CutShort);
        Directory.CreateDirectory(leftover);
        foreach (var name in new[] { ".publishing", "model.bin" })
        {
            var file = Path.Combine(leftover, name);
            await File.WriteAllTextAsync(file, "x", Ct);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        }

        return leftover;
    }

    [Fact]
    public async Task Gc_RemovesAFolderAKilledTrainerLeft_AndKeepsTheVersions()
    {
        var leftover = await StoreWithALeftoverAsync();

        var (exit, output, error) = await Ecml.RunAsync("store", "gc", "--store", _store);

        Assert.True(exit == 0, error);
        Assert.Contains($"removed models/shop-recs/versions/{CutShort}/ (2 object(s)", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(leftover) && Directory.EnumerateFiles(leftover).Any());
        Assert.Equal([Version], await new LocalModelStore(_store).ListVersionIdsAsync("shop-recs", Ct));
    }

    [Fact]
    public async Task Gc_DryRun_OrAGracePeriodLongerThanTheLeftoversAge_RemovesNothing()
    {
        var leftover = await StoreWithALeftoverAsync();

        var dry = await Ecml.RunAsync("store", "gc", "--store", _store, "--dry-run");
        var young = await Ecml.RunAsync("store", "gc", "--store", _store, "--older-than", "3h");

        Assert.Contains($"would remove models/shop-recs/versions/{CutShort}/", dry.Output, StringComparison.Ordinal);
        Assert.Contains("nothing to collect", young.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(leftover, "model.bin")));
    }

    [Fact]
    public async Task Gc_WithABadGracePeriod_ExitsTwoNamingTheOption()
    {
        var (exit, _, error) = await Ecml.RunAsync("store", "gc", "--store", _store, "--older-than", "soon");

        Assert.Equal(2, exit);
        Assert.Contains("--older-than 'soon' is not a duration", error, StringComparison.Ordinal);
    }
}
