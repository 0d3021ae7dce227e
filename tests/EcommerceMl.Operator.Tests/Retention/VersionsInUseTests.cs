using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Retention;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Retention;

public sealed class VersionsInUseTests
{
    private const string V1 = "20261101T000000Z-000001";
    private const string V2 = "20261102T000000Z-000002";
    private const string V3 = "20261103T000000Z-000003";
    private const string V4 = "20261104T000000Z-000004";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelDeployment Deployment(string ns, string name, string model = "shop-recs", string? pinned = null, ModelDeploymentStatus? status = null)
    {
        var md = TestResources.ModelDeployment(name, spec =>
        {
            spec.Model = model;
            spec.Version = pinned ?? ModelDeploymentSpec.Latest;
        });
        md.Metadata.NamespaceProperty = ns;
        md.Status = status;
        return md;
    }

    [Fact]
    public void Of_CollectsCurrentCandidatePreviousTrafficAndPinned_WithWhoUsesThem()
    {
        var canary = Deployment("shop", "recs", status: new ModelDeploymentStatus
        {
            CurrentVersion = V2,
            CandidateVersion = V3,
            PreviousVersion = V1,
            Traffic = [new TrafficTarget { Version = V2, Percent = 75 }, new TrafficTarget { Version = V3, Percent = 25 }],
        });
        var pinned = Deployment("staging", "recs-pinned", pinned: V4);

        var inUse = VersionsInUse.Of("shop-recs", [canary, pinned]);

        Assert.Equal([V1, V2, V3, V4], inUse.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ModelDeployment shop/recs: current, traffic", inUse[V2]);
        Assert.Equal("ModelDeployment shop/recs: previous", inUse[V1]);
        Assert.Equal("ModelDeployment staging/recs-pinned: spec.version", inUse[V4]);
    }

    [Fact]
    public void Of_IgnoresOtherModels_AndEmptyStatus()
    {
        var other = Deployment("shop", "forecast", model: "shop-forecast", status: new ModelDeploymentStatus { CurrentVersion = V1 });
        var fresh = Deployment("shop", "recs");

        Assert.Empty(VersionsInUse.Of("shop-recs", [other, fresh]));
    }

    [Fact]
    public void Of_CountsTheVersionAnInferenceDeploymentRuns_WhenTheStatusLostIt()
    {
        var md = Deployment("shop", "recs");
        var workload = ModelDeploymentBuilder.BuildDeployment(md, V2, TestResources.Settings, replicas: 2);

        var inUse = VersionsInUse.Of("shop-recs", [md], [workload]);

        Assert.Equal($"Deployment shop/{workload.Metadata.Name}: runs", Assert.Single(inUse).Value);
        Assert.Equal(V2, inUse.Keys.Single());
    }

    [Fact]
    public async Task FindAsync_LooksInEveryNamespace()
    {
        var cluster = new InMemoryCluster(new FakeTimeProvider());
        await cluster.CreateAsync(Deployment("shop", "recs"), Ct);
        await cluster.CreateAsync(Deployment("staging", "recs", pinned: V1), Ct);
        var served = await cluster.CreateAsync(Deployment("prod", "recs"), Ct);
        served.Status = new ModelDeploymentStatus { CurrentVersion = V2 };
        await cluster.ReplaceStatusAsync(served, Ct);
        var workload = ModelDeploymentBuilder.BuildDeployment(Deployment("prod", "recs"), V3, TestResources.Settings, replicas: 1);
        await cluster.CreateAsync(workload, Ct);

        var everywhere = await VersionsInUse.FindAsync(cluster, "shop-recs", cancellationToken: Ct);
        var staging = await VersionsInUse.FindAsync(cluster, "shop-recs", "staging", Ct);

        Assert.Equal([V1, V2, V3], everywhere.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([V1], staging.Keys);
    }
}
