using EcommerceMl.Artifacts.Tests.Support;
using Minio.DataModel.Args;

namespace EcommerceMl.Artifacts.Tests.Stores;

/// <summary>The store contract against a real S3 server (patched s3rver), one fresh bucket per test.</summary>
public sealed class S3ModelStoreTests(S3rverFixture s3) : ModelStoreContractTests, IClassFixture<S3rverFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Prefix = "team/ml";

    protected override Task<IModelStore> CreateStoreAsync()
    {
        s3.RequireServer();
        return Task.FromResult<IModelStore>(S3ModelStore.Create(new S3Location(NewBucketName(), Prefix), s3.Settings));
    }

    protected override async Task WriteRawAsync(IModelStore store, string relativePath, byte[] bytes)
    {
        var location = ((S3ModelStore)store).S3;
        var ct = TestContext.Current.CancellationToken;
        if (!await s3.Client.BucketExistsAsync(new BucketExistsArgs().WithBucket(location.Bucket), ct))
        {
            await s3.Client.MakeBucketAsync(new MakeBucketArgs().WithBucket(location.Bucket), ct);
        }

        using var data = new MemoryStream(bytes);
        await s3.Client.PutObjectAsync(
            new PutObjectArgs().WithBucket(location.Bucket).WithObject(Key(location, relativePath)).WithStreamData(data).WithObjectSize(bytes.Length),
            ct);
    }

    protected override Task DeleteRawAsync(IModelStore store, string relativePath)
    {
        var location = ((S3ModelStore)store).S3;
        return s3.Client.RemoveObjectAsync(
            new RemoveObjectArgs().WithBucket(location.Bucket).WithObject(Key(location, relativePath)),
            TestContext.Current.CancellationToken);
    }

    protected override async Task<bool> ExistsRawAsync(IModelStore store, string relativePath)
    {
        var location = ((S3ModelStore)store).S3;
        var listed = s3.Client.ListObjectsEnumAsync(
            new ListObjectsArgs().WithBucket(location.Bucket).WithPrefix(Key(location, relativePath)).WithRecursive(true), TestContext.Current.CancellationToken);
        await foreach (var item in listed)
        {
            if (item.Key == Key(location, relativePath))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task Publish_WithoutPrefix_WritesAtTheBucketRoot()
    {
        s3.RequireServer();
        var bucket = NewBucketName();
        var store = ModelStores.Open($"s3://{bucket}", s3.Settings);
        var version = ModelVersions.NewVersion(TimeProvider.System);

        await store.PublishAsync(TestManifests.Create("churn", version, DateTimeOffset.UnixEpoch), TestManifests.Files("c"), cancellationToken: Ct);

        var ct = TestContext.Current.CancellationToken;
        var stat = await s3.Client.StatObjectAsync(
            new StatObjectArgs().WithBucket(bucket).WithObject($"models/churn/versions/{version}/manifest.json"), ct);
        Assert.True(stat.Size > 0);
        Assert.Equal(version, (await store.LoadAsync("churn", cancellationToken: Ct)).Manifest.Version);
    }

    [Fact]
    public async Task Publish_WhenBucketMissingAndCreationOff_SaysSo()
    {
        s3.RequireServer();
        var bucket = NewBucketName();
        var store = ModelStores.Open($"s3://{bucket}/x", s3.Settings with { CreateBucketIfMissing = false });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.PublishAsync(TestManifests.Create("churn", ModelVersions.NewVersion(TimeProvider.System), DateTimeOffset.UnixEpoch), TestManifests.Files("c"), cancellationToken: Ct));

        Assert.Contains(bucket, error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListModelsAsync(Ct));
    }

    private static string Key(S3Location location, string relativePath) =>
        location.Prefix.Length == 0 ? relativePath : $"{location.Prefix}/{relativePath}";

    private static string NewBucketName() => $"ecml-{Guid.NewGuid():N}"[..30];
}
