using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Tests.Support;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Training;
using Minio.DataModel.Args;

namespace EcommerceMl.Trainer.Tests;

/// <summary>An s3://bucket/prefix of canonical CSV files as a data source, against a real S3 server (s3rver).</summary>
public sealed class S3ShopSourceTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Load_ReadsTheShopUnderThePrefix_NamedByItsLocation()
    {
        var location = await UploadAsync(SmallShop.Data, "shop/2026-12-05");

        var loaded = S3ShopSource.Load(location, s3.Settings);

        Assert.Equal(location, loaded.Data.Name);
        Assert.Equal(ShopDataFingerprint.Compute(SmallShop.Data).Sha256, ShopDataFingerprint.Compute(new ShopData(
            SmallShop.Data.Name, loaded.Data.Customers, loaded.Data.Products, loaded.Data.Orders, loaded.Data.OrderItems, loaded.Data.Events)).Sha256);
    }

    [Fact]
    public async Task Load_WithABadRow_NamesTheObjectAndLine()
    {
        var location = await UploadAsync(SmallShop.Data, "bad", edit: folder =>
        {
            var path = Path.Combine(folder, ShopCsvFormat.OrderItemsFile);
            var lines = File.ReadAllLines(path);
            lines[4] = lines[4].Split(',')[0] + ",no-such-product,1,2.50";
            File.WriteAllLines(path, lines);
        });

        var e = Assert.Throws<ShopDataValidationException>(() => S3ShopSource.Load(location, s3.Settings));

        Assert.Contains($"{location}/{ShopCsvFormat.OrderItemsFile}:5", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ecml-s3-data-", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WithoutARequiredFile_SaysWhichObjectIsMissing()
    {
        var location = await UploadAsync(SmallShop.Data, "partial", edit: folder => File.Delete(Path.Combine(folder, ShopCsvFormat.OrdersFile)));

        var e = Assert.Throws<ShopDataValidationException>(() => S3ShopSource.Load(location, s3.Settings));

        Assert.Contains($"{location}/{ShopCsvFormat.OrdersFile}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_FromS3WithAWindow_PublishesAModelFingerprintingTheObjects()
    {
        var location = await UploadAsync(SmallShop.Data, "train");
        var store = Path.Combine(_folder.Path, "store");
        var run = new TrainingRun(TaskPipelines.All, spec => ShopDataWindow.LastDays(S3ShopSource.Load(spec, s3.Settings), 120), TimeProvider.System, TextWriter.Null);

        var published = await run.RunAsync(
            new TrainerOptions { Task = "recommendation", Algorithm = "popularity", Data = location, Store = store, Model = "recs" },
            new LocalModelStore(store),
            TestContext.Current.CancellationToken);

        Assert.StartsWith($"{location} (last 120 days: ", published.Data.Source, StringComparison.Ordinal);
    }

    private async Task<string> UploadAsync(ShopData shop, string prefix, Action<string>? edit = null)
    {
        s3.RequireServer();
        var folder = Path.Combine(_folder.Path, prefix.Replace('/', '_'));
        ShopCsvWriter.Write(shop, folder);
        edit?.Invoke(folder);
        var bucket = "shop-data";
        var ct = TestContext.Current.CancellationToken;
        if (!await s3.Client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), ct))
        {
            await s3.Client.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), ct);
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            await s3.Client.PutObjectAsync(
                new PutObjectArgs().WithBucket(bucket).WithObject($"{prefix}/{Path.GetFileName(file)}").WithFileName(file).WithContentType("text/csv"), ct);
        }

        return $"s3://{bucket}/{prefix}";
    }
}
