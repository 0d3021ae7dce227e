using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>
/// Issue 15 item 3: the store is shared and keyed by model name only, so a ModelDeployment resolves only versions
/// its own namespace published, or those of namespaces its spec names; a version without a namespace counts as
/// <c>default</c>'s.
/// </summary>
public sealed class ModelDeploymentVersionScopeTests : IDisposable
{
    private const string Ns = "shop";
    private const string Name = "shop-recs";
    private const string Stable = "shop-recs-predictor";
    private const string Ours = "20261123T010000Z-aaaaaa";
    private const string Theirs = "20261123T020000Z-bbbbbb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCluster _cluster;
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-scope-");
    private readonly LocalModelStore _store;
    private readonly ModelDeploymentReconciler _reconciler;

    public ModelDeploymentVersionScopeTests()
    {
        _cluster = new InMemoryCluster(_time);
        _store = new LocalModelStore(_storeFolder.FullName);
        _reconciler = new ModelDeploymentReconciler(_cluster, _ => _store, TestResources.Settings with { Store = _storeFolder.FullName },
            _time, NullLogger<ModelDeploymentReconciler>.Instance);
    }

    public void Dispose() => _storeFolder.Delete(recursive: true);

    private async Task<ModelDeployment> DeployAsync(Action<ModelDeploymentSpec>? configure = null)
    {
        var md = TestResources.ModelDeployment(Name, configure);
        md.Metadata.Uid = null;
        await _cluster.CreateAsync(md, Ct);
        await _reconciler.ReconcileAsync(Ns, Name, Ct);
        return (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;
    }

    private Task PublishAsync(string version, string? ns) =>
        ModelVersionsForTests.PublishAsync(_store, "shop-recs", version, 0.3, trainingJob: ns is null ? null : $"{ns}/run", ns: ns, cancellationToken: Ct);

    private async Task<string?> ServedVersionAsync() => PredictorHealth.VersionOf((await _cluster.GetAsync<V1Deployment>(Ns, Stable, Ct))!);

    [Fact]
    public async Task Latest_PassesOverANewerVersionPublishedByAnotherNamespace()
    {
        await PublishAsync(Ours, Ns);
        await PublishAsync(Theirs, "intruder");

        var md = await DeployAsync();

        Assert.Equal(Ours, md.Status!.CurrentVersion);
        Assert.Equal(Ours, await ServedVersionAsync());
    }

    [Fact]
    public async Task Latest_WithOnlyAnotherNamespacesVersion_ServesNothing_AndSaysWhy()
    {
        await PublishAsync(Theirs, "intruder");

        var md = await DeployAsync();

        Assert.Null(await _cluster.GetAsync<V1Deployment>(Ns, Stable, Ct));
        var ready = Conditions.Find(md.Status!.Conditions, ModelDeploymentConditions.Ready)!;
        Assert.Equal(ModelDeploymentReasons.NoPassingVersion, ready.Reason);
        Assert.Contains("published in namespace intruder, not in shop", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_ServesANamedNamespacesVersion()
    {
        await PublishAsync(Ours, Ns);
        await PublishAsync(Theirs, "training");

        var md = await DeployAsync(spec => spec.VersionNamespaces = ["training"]);

        Assert.Equal(Theirs, md.Status!.CurrentVersion);
    }

    [Fact]
    public async Task Latest_AVersionWithoutANamespace_CountsAsDefault_SoItNeedsDefaultNamed()
    {
        await PublishAsync(Ours, Ns);
        await PublishAsync(Theirs, ns: null);

        var md = await DeployAsync();
        Assert.Equal(Ours, md.Status!.CurrentVersion);

        var optedIn = await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct);
        optedIn!.Spec.VersionNamespaces = [VersionNamespaces.Unscoped];
        await _cluster.ReplaceAsync(optedIn, Ct);
        await _reconciler.ReconcileAsync(Ns, Name, Ct);
        Assert.Equal(Theirs, await ServedVersionAsync());
    }

    [Fact]
    public async Task PinnedVersion_OfAnotherNamespace_IsRefusedWithItsOwnReason()
    {
        await PublishAsync(Theirs, "intruder");

        var md = await DeployAsync(spec => spec.Version = Theirs);

        Assert.Null(await _cluster.GetAsync<V1Deployment>(Ns, Stable, Ct));
        var ready = Conditions.Find(md.Status!.Conditions, ModelDeploymentConditions.Ready)!;
        Assert.Equal(ModelDeploymentReasons.VersionNotInNamespace, ready.Reason);
        Assert.Contains("spec.versionNamespaces", ready.Message, StringComparison.Ordinal);
    }
}
