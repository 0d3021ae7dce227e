using EcommerceMl.Artifacts.Events;
using EcommerceMl.Artifacts.Tests.Support;

namespace EcommerceMl.Artifacts.Tests.Events;

/// <summary>The sink contract against a real S3 server (s3rver), one fresh bucket per test, under a prefix.</summary>
public sealed class S3EventObjectsTests(S3rverFixture s3) : EventSinkContractTests, IClassFixture<S3rverFixture>
{
    protected override IEventObjects CreateObjects()
    {
        s3.RequireServer();
        var bucket = $"events-{Guid.NewGuid():N}"[..30];
        return EventObjectStores.For(S3ModelStore.Create(new S3Location(bucket, "shop/ml"), s3.Settings))!;
    }
}
