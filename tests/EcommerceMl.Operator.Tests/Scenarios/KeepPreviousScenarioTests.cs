using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// <c>rollout.keepPrevious</c> through the Kubernetes API test server with the real client, as Program.cs composes the
/// operator (the test plays the Deployment controller): a promotion leaves the previous version running outside the
/// Service; pinning it switches the Service to those Pods without a canary; the stable Deployment takes over again
/// once it has rolled back.
/// </summary>
public sealed class KeepPreviousScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Name = "recs";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-previous-scenario-");
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private LocalModelStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
        _store = new LocalModelStore(_storeFolder.FullName);
    }

    public async ValueTask DisposeAsync()
    {
        _cluster.Client.Dispose();
        await _server.DisposeAsync();
        _storeFolder.Delete(recursive: true);
    }

    private async Task PinAsync(string version, bool create = false)
    {
        if (create)
        {
            var md = TestResources.ModelDeployment(Name, s =>
            {
                s.Model = Name;
                s.Version = version;
                s.Replicas = 2;
                s.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, CanaryTrafficPercent = 50, KeepPrevious = true };
            });
            md.Metadata.NamespaceProperty = Ns;
            md.Metadata.Uid = null;
            await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(md, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, cancellationToken: Ct);
            return;
        }

        var patch = new V1Patch(System.Text.Json.JsonSerializer.Serialize(new { spec = new { version } }), V1Patch.PatchType.MergePatch);
        await _cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, Name, cancellationToken: Ct);
    }

    private Task<ModelDeployment> EventuallyAsync(Func<ModelDeployment, bool> done) =>
        ClusterClient.EventuallyAsync(() => _cluster.ModelDeploymentAsync(Name, Ct), done, Ct);

    private async Task<IDictionary<string, string>> ServiceSelectorAsync() =>
        (await _cluster.Client.CoreV1.ReadNamespacedServiceAsync(Name, Ns, cancellationToken: Ct)).Spec.Selector;

    [Fact]
    public async Task ThePreviousVersionKeptReady_TakesTheTrafficAtOnceWhenPinned_AndHandsBackToTheStableDeployment()
    {
        await ModelVersionsForTests.PublishAsync(_store, Name, V1, 0.2, cancellationToken: Ct);
        await ModelVersionsForTests.PublishAsync(_store, Name, V2, 0.3, cancellationToken: Ct);
        await using var running = new RunningOperator(_server, Ns, _store);
        var stable = $"{Name}-predictor";
        var canary = $"{Name}-predictor-canary";
        var previous = $"{Name}-predictor-previous";

        await PinAsync(V1, create: true);
        await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(stable, Ct), d => d is not null, Ct);
        await _cluster.MarkRolledOutAsync(stable, Ct);
        await EventuallyAsync(md => md.Status?.CurrentVersion == V1);

        await PinAsync(V2);
        await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(canary, Ct), d => d is not null, Ct);
        await _cluster.MarkRolledOutAsync(canary, Ct);
        var promoted = await EventuallyAsync(md => md.Status?.CurrentVersion == V2);
        Assert.Equal(V1, promoted.Status!.PreviousVersion);
        var standby = await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(previous, Ct), d => d is not null, Ct);
        Assert.Equal((V1, 2), (PredictorHealth.VersionOf(standby!), standby!.Spec.Replicas));
        Assert.Equal(ModelDeploymentBuilder.Selector(promoted).OrderBy(l => l.Key), (await ServiceSelectorAsync()).OrderBy(l => l.Key));

        await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(stable, Ct), d => PredictorHealth.VersionOf(d!) == V2, Ct);
        await _cluster.MarkRolledOutAsync(stable, Ct);
        await _cluster.MarkRolledOutAsync(previous, Ct);
        await EventuallyAsync(md => Conditions.IsTrue(md.Status?.Conditions, ModelDeploymentConditions.PreviousReady));

        await PinAsync(V1);
        var switched = await EventuallyAsync(md => md.Status?.CurrentVersion == V1);

        Assert.Equal((V2, null), (switched.Status!.PreviousVersion, switched.Status.CandidateVersion));
        // The status is written first, then the Service (the same reconcile).
        var toPrevious = await ClusterClient.EventuallyAsync(ServiceSelectorAsync, s => s[StandardLabels.Component] == ModelDeploymentBuilder.PreviousComponent, Ct);
        Assert.Equal(ModelDeploymentBuilder.PreviousSelector(switched).OrderBy(l => l.Key), toPrevious.OrderBy(l => l.Key));
        Assert.Null(await _cluster.DeploymentAsync(canary, Ct));
        var events = await _cluster.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct);
        Assert.Contains(events.Items, e => e.Reason == ModelDeploymentReasons.SwitchedToPrevious && e.InvolvedObject.Name == Name);

        await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(stable, Ct), d => PredictorHealth.VersionOf(d!) == V1, Ct);
        await _cluster.MarkRolledOutAsync(stable, Ct);
        var handedBack = await ClusterClient.EventuallyAsync(ServiceSelectorAsync, s => s[StandardLabels.Component] == ModelDeploymentBuilder.Component, Ct);

        Assert.Equal(ModelDeploymentBuilder.Selector(switched).OrderBy(l => l.Key), handedBack.OrderBy(l => l.Key));
        await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(previous, Ct), d => PredictorHealth.VersionOf(d!) == V2, Ct);
    }
}
