using EcommerceMl.Artifacts.Outputs;
using EcommerceMl.Artifacts.Tests.Support;

namespace EcommerceMl.Artifacts.Tests.Outputs;

/// <summary>The output objects contract against a real S3 server (s3rver), one fresh bucket per test, under a prefix inside the store's.</summary>
public sealed class S3OutputObjectsTests(S3rverFixture s3) : OutputObjectsContractTests, IClassFixture<S3rverFixture>
{
    protected override IOutputObjects CreateObjects()
    {
        s3.RequireServer();
        var bucket = $"outputs-{Guid.NewGuid():N}"[..30];
        return OutputObjectStores.Open("analytics/batch", S3ModelStore.Create(new S3Location(bucket, "shop/ml"), s3.Settings));
    }

    [Fact]
    public async Task ARelativePrefix_LiesInsideTheStoresBucketAndPrefix()
    {
        var objects = CreateObjects();

        await objects.PutAsync("m/t/_LATEST", Bytes("v1\n"), Ct);

        Assert.StartsWith("s3://outputs-", objects.Location, StringComparison.Ordinal);
        Assert.EndsWith("/shop/ml/analytics/batch", objects.Location, StringComparison.Ordinal);
    }
}
