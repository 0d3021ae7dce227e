using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Retention;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// Issue 17's "retention deletes old versions but never one in use", through the API test server with the
/// real KubernetesClient: the operator rolls a canary out and promotes it (so the ModelDeployment's status
/// holds a current and a previous version it wrote itself), another namespace pins an old version, newer
/// versions fail their gate; then retention with keepLast 1 runs as the Model reconciler will run it.
/// </summary>
public sealed class RetentionScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string ModelName = "shop-recommendations";
    private const string Canaried = "shop-recommendations-canary";
    private const string Old1 = "20261101T000000Z-0000a1";
    private const string Old2 = "20261102T000000Z-0000a2";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private const string Failed = "20261124T000000Z-cccccc";
    private const string Newest = "20261125T000000Z-dddddd";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-retention-store-");
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private LocalModelStore _store = null!;
    private RunningOperator? _operator;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
        _store = new LocalModelStore(_storeFolder.FullName);
    }

    public async ValueTask DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }

        _cluster.Client.Dispose();
        await _server.DisposeAsync();
        _storeFolder.Delete(recursive: true);
    }

    private Task PublishAsync(string version, bool gatePassed = true) =>
        ModelVersionsForTests.PublishAsync(_store, ModelName, version, 0.3, ModelVersionsForTests.MinimumGate(gatePassed ? 0.1 : 0.5, 0.3), cancellationToken: Ct);

    private Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) => ClusterClient.EventuallyAsync(read, done, Ct);

    [Fact]
    public async Task Retention_DeletesOldVersions_ButNeverOneServedPreviousPinnedServableOrNewest()
    {
        _operator = new RunningOperator(_server, Ns, _store);
        foreach (var version in new[] { Old1, Old2, V1 })
        {
            await PublishAsync(version);
        }

        await _cluster.ApplyExampleAsync("modeldeployment-shop-recommendations-canary.yaml", Ct);
        var stable = await EventuallyAsync(() => _cluster.DeploymentAsync($"{Canaried}-predictor", Ct), d => d is not null);
        await _cluster.MarkRolledOutAsync(stable!.Metadata.Name, Ct);
        await PublishAsync(V2);
        var canary = await EventuallyAsync(() => _cluster.DeploymentAsync($"{Canaried}-predictor-canary", Ct), d => d is not null);
        await _cluster.MarkRolledOutAsync(canary!.Metadata.Name, Ct);
        var promoted = await EventuallyAsync(() => _cluster.ModelDeploymentAsync(Canaried, Ct), md => md.Status?.CurrentVersion == V2);
        await PublishAsync(Failed, gatePassed: false);
        await PublishAsync(Newest, gatePassed: false);
        // Another team serves an old version from another namespace, pinned; the operator does not even watch it.
        var pinned = TestResources.ModelDeployment("recs-pinned", spec => { spec.Model = ModelName; spec.Version = Old1; });
        pinned.Metadata.NamespaceProperty = "staging";
        pinned.Metadata.Uid = null;
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync<ModelDeployment>(pinned, MlApi.Group, MlApi.Version, "staging", ModelDeployment.Plural, cancellationToken: Ct);

        var cluster = new KubernetesCluster(_cluster.Client, TimeProvider.System, NullLogger<KubernetesCluster>.Instance);
        var model = new Model
        {
            Metadata = new V1ObjectMeta { Name = ModelName, NamespaceProperty = Ns },
            Spec = new ModelSpec { Task = ModelTask.Recommendation, Retention = new RetentionSpec { KeepLast = 1 } },
        };
        var outcome = (await VersionRetention.ApplyAsync(model, cluster, ICluster.AllNamespaces, _store, DateTimeOffset.UtcNow, Ct))!;

        Assert.Equal((V2, V1), (promoted.Status!.CurrentVersion, promoted.Status.PreviousVersion));
        Assert.Equal([Old2, Failed], outcome.Deleted);
        Assert.False(outcome.HasErrors, outcome.Describe());
        Assert.Equal([Old1, V1, V2, Newest], await _store.ListVersionIdsAsync(ModelName, Ct));
        Assert.Contains("ModelDeployment staging/recs-pinned: spec.version", outcome.Plan.Keep.Single(k => k.Version == Old1).Why, StringComparison.Ordinal);
        Assert.Contains(KeepReason.InUse, outcome.Plan.Keep.Single(k => k.Version == V1).Reasons);
        Assert.Equal([KeepReason.InUse, KeepReason.ServableLatest], outcome.Plan.Keep.Single(k => k.Version == V2).Reasons);
        Assert.Contains(KeepReason.Newest, outcome.Plan.Keep.Single(k => k.Version == Newest).Reasons);
        foreach (var kept in new[] { Old1, V1, V2 })
        {
            Assert.Equal(kept, (await _store.LoadAsync(ModelName, kept, Ct)).Manifest.Version);
        }

        // What serves is untouched: the operator still resolves latest to V2 and stays Ready.
        var after = await EventuallyAsync(() => _cluster.ModelDeploymentAsync(Canaried, Ct), md => Conditions.IsTrue(md.Status?.Conditions, ModelDeploymentConditions.Ready));
        Assert.Equal(V2, after.Status!.CurrentVersion);
    }
}
