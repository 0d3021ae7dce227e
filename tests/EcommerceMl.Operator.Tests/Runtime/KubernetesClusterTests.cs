using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>The Kubernetes adapter of the cluster port, through the real KubernetesClient against the API test server.</summary>
public sealed class KubernetesClusterTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer _server = null!;
    private Kubernetes _client = null!;
    private KubernetesCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _client = _server.Client();
        _cluster = new KubernetesCluster(_client, TimeProvider.System, NullLogger<KubernetesCluster>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private Task<TrainingJob> CreateAsync(string name = "tj1")
    {
        var trainingJob = TestResources.TrainingJob(name);
        trainingJob.Metadata.Uid = null;
        return _cluster.CreateAsync(trainingJob, Ct);
    }

    [Fact]
    public async Task Get_ReturnsTheObject_OrNullWhenMissing()
    {
        var created = await CreateAsync();

        var found = await _cluster.GetAsync<TrainingJob>(Ns, "tj1", Ct);
        var missing = await _cluster.GetAsync<V1Job>(Ns, "nope", Ct);

        Assert.Equal(created.Metadata.Uid, found!.Metadata.Uid);
        Assert.Equal("shop-recs", found.Spec.Model);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Get_OfAResourceTheServerDoesNotServe_SaysWhichAndAsksAboutTheCrd()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _cluster.GetAsync<V1StatefulSet>(Ns, "x", Ct));

        Assert.Contains("statefulsets.apps", e.Message, StringComparison.Ordinal);
        Assert.Contains("CRD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WritesMapApiErrorsOntoThePortsExceptions()
    {
        var created = await CreateAsync();
        await _cluster.ReplaceAsync(created, Ct);
        created.Spec.RunPolicy = new RunPolicySpec { Suspend = true };
        await _cluster.ReplaceAsync(created, Ct);

        await Assert.ThrowsAsync<ClusterAlreadyExistsException>(() => CreateAsync());
        await Assert.ThrowsAsync<ClusterConflictException>(() => _cluster.ReplaceStatusAsync(created, Ct));
        created.Metadata.Name = "gone";
        await Assert.ThrowsAsync<ClusterNotFoundException>(() => _cluster.ReplaceAsync(created, Ct));
    }

    [Fact]
    public async Task ReplaceStatus_GoesThroughTheStatusSubresource()
    {
        var created = await CreateAsync();
        created.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Running };
        created.Spec.Model = "not-through-status";

        var updated = await _cluster.ReplaceStatusAsync(created, Ct);

        Assert.Equal(TrainingJobPhases.Running, updated.Status!.Phase);
        Assert.Equal("shop-recs", updated.Spec.Model);
        Assert.Equal(1, updated.Metadata.Generation);
    }

    [Fact]
    public async Task List_SelectsByEveryLabel_SortedByName()
    {
        foreach (var (name, team) in new[] { ("p2", "recs"), ("p1", "recs"), ("p3", "churn") })
        {
            await _cluster.CreateAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Labels = new Dictionary<string, string> { ["team"] = team, ["tier"] = "ml" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] },
            }, Ct);
        }

        var pods = await _cluster.ListAsync<V1Pod>(Ns, new Dictionary<string, string> { ["team"] = "recs", ["tier"] = "ml" }, Ct);

        Assert.Equal(["p1", "p2"], pods.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task List_OfAllNamespaces_ListsEveryNamespace_SortedByNamespaceThenName()
    {
        foreach (var (ns, name) in new[] { ("staging", "recs"), ("prod", "recs-b"), ("prod", "recs-a") })
        {
            var md = TestResources.ModelDeployment(name);
            md.Metadata.NamespaceProperty = ns;
            md.Metadata.Uid = null;
            await _cluster.CreateAsync(md, Ct);
        }

        var all = await _cluster.ListAsync<ModelDeployment>(ICluster.AllNamespaces, new Dictionary<string, string>(), Ct);
        var staging = await _cluster.ListAsync<ModelDeployment>("staging", new Dictionary<string, string>(), Ct);

        Assert.Equal(["prod/recs-a", "prod/recs-b", "staging/recs"], all.Select(m => $"{m.Metadata.NamespaceProperty}/{m.Metadata.Name}"));
        Assert.Equal(["recs"], staging.Select(m => m.Metadata.Name));
    }

    [Fact]
    public async Task RecordEvent_CreatesACoreEventAboutTheObject()
    {
        var created = await CreateAsync();

        await _cluster.RecordEventAsync(created, new ClusterEvent(ClusterEvent.Warning, "InvalidSpec", "bad spec"), Ct);

        var recorded = Assert.Single((await _client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct)).Items);
        Assert.Equal(("Warning", "InvalidSpec", "bad spec"), (recorded.Type, recorded.Reason, recorded.Message));
        Assert.Equal((TrainingJob.KindName, "tj1", created.Metadata.Uid), (recorded.InvolvedObject.Kind, recorded.InvolvedObject.Name, recorded.InvolvedObject.Uid));
        Assert.Equal(KubernetesCluster.Component, recorded.Source.Component);
    }
}
