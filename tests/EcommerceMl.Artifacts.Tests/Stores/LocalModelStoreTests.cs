namespace EcommerceMl.Artifacts.Tests.Stores;

public sealed class LocalModelStoreTests : ModelStoreContractTests, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _root = Directory.CreateTempSubdirectory("ecml-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    protected override Task<IModelStore> CreateStoreAsync() =>
        Task.FromResult<IModelStore>(new LocalModelStore(Path.Combine(_root, "store")));

    protected override async Task WriteRawAsync(IModelStore store, string relativePath, byte[] bytes)
    {
        var path = Path.Combine(store.Location, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
    }

    protected override Task DeleteRawAsync(IModelStore store, string relativePath)
    {
        File.Delete(Path.Combine(store.Location, relativePath));
        return Task.CompletedTask;
    }

    protected override Task<bool> ExistsRawAsync(IModelStore store, string relativePath) =>
        Task.FromResult(File.Exists(Path.Combine(store.Location, relativePath)));

    [Fact]
    public async Task Publish_WritesTheLayoutAndLeavesNoTempFiles()
    {
        var store = new LocalModelStore(Path.Combine(_root, "layout"));
        var version = ModelVersions.NewVersion(TimeProvider.System);

        await store.PublishAsync(Support.TestManifests.Create("shop-recs", version, DateTimeOffset.UnixEpoch), Support.TestManifests.Files("x"), cancellationToken: Ct);

        var folder = Path.Combine(store.Root, "models", "shop-recs", "versions", version);
        Assert.Equal(
            ["items.json", "manifest.json", "model.bin"],
            Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BadNames_NeverCreateAnythingOutsideTheStore()
    {
        var store = new LocalModelStore(Path.Combine(_root, "inner", "store"));
        var manifest = Support.TestManifests.Create("x", ModelVersions.NewVersion(TimeProvider.System), DateTimeOffset.UnixEpoch);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(manifest with { Model = "../../x" }, Support.TestManifests.Files("x"), cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(manifest with { Version = "../../../x" }, Support.TestManifests.Files("x"), cancellationToken: Ct));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories));
    }
}
