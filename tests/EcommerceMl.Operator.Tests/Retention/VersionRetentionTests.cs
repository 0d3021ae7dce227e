using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Retention;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using static EcommerceMl.Operator.Tests.Retention.RetentionFixtures;

namespace EcommerceMl.Operator.Tests.Retention;

/// <summary>The apply step against a real folder store: what it deletes is gone, what it keeps still loads.</summary>
public sealed class VersionRetentionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-retention-").FullName;
    private readonly LocalModelStore _store;

    public VersionRetentionTests() => _store = new LocalModelStore(_folder);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<List<string>> PublishAsync(params double[] daysAgo)
    {
        var versions = new List<string>();
        foreach (var days in daysAgo.OrderDescending())
        {
            var version = VersionAt(days);
            await _store.PublishAsync(Manifest(version), new Dictionary<string, byte[]> { ["model.bin"] = [1, 2, 3] }, Ct);
            versions.Add(version);
        }

        return versions;
    }

    [Fact]
    public async Task Apply_DeletesWhatThePolicyDoesNotKeep_ButNeverAVersionInUse()
    {
        var versions = await PublishAsync(60, 50, 40, 30, 20, 10);
        var inUse = new Dictionary<string, string> { [versions[1]] = "ModelDeployment shop/recs: previous" };
        await _store.PublishMonitoringReportAsync(new MonitoringReport
        {
            Model = ModelName, Version = versions[0], Task = "recommendation", CheckedAt = Now,
            Window = new MonitoringWindow(Now.AddDays(-7), Now, ["synthetic"]), NewData = new NewDataCount(null, 0, 0),
        }, Ct);

        var outcome = await VersionRetention.ApplyAsync(ModelName, keepLast: 2, keepDays: null, inUse, _store, Now, Ct);

        Assert.Equal([versions[0], versions[2], versions[3]], outcome.Deleted);
        Assert.Empty(outcome.Failed);
        Assert.False(outcome.HasErrors);
        Assert.Equal([versions[1], versions[4], versions[5]], await _store.ListVersionIdsAsync(ModelName, Ct));
        Assert.False(Directory.Exists(Path.Combine(_folder, ModelStoreLayout.VersionPath(ModelName, versions[0]))), "the version's folder, monitoring reports included, is gone");
        Assert.NotNull((await _store.LoadAsync(ModelName, versions[1], Ct)).Manifest);
        Assert.Contains($"deleted 3 version(s) of {ModelName}", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_KeepDays_KeepsRecentVersions()
    {
        var versions = await PublishAsync(45, 31, 29, 2);

        var outcome = await VersionRetention.ApplyAsync(ModelName, keepLast: null, keepDays: 30, NoneInUse, _store, Now, Ct);

        Assert.Equal([versions[0], versions[1]], outcome.Deleted);
        Assert.Equal([versions[2], versions[3]], await _store.ListVersionIdsAsync(ModelName, Ct));
    }

    [Fact]
    public async Task Apply_WithoutAPolicy_TouchesNothing()
    {
        var versions = await PublishAsync(400, 300);

        var outcome = await VersionRetention.ApplyAsync(ModelName, keepLast: null, keepDays: null, NoneInUse, _store, Now, Ct);

        Assert.Empty(outcome.Deleted);
        Assert.Equal(versions, await _store.ListVersionIdsAsync(ModelName, Ct));
    }

    [Fact]
    public async Task Apply_KeepsAVersionWhoseManifestCannotBeRead()
    {
        var versions = await PublishAsync(30, 20, 10);
        await File.WriteAllTextAsync(Path.Combine(_folder, ModelStoreLayout.ManifestPath(ModelName, versions[0])), "{not json", Ct);

        var outcome = await VersionRetention.ApplyAsync(ModelName, keepLast: 0, keepDays: null, NoneInUse, _store, Now, Ct);

        Assert.Equal([versions[1]], outcome.Deleted);
        Assert.Contains(outcome.Plan.Keep, k => k.Version == versions[0] && k.Reasons.SequenceEqual([KeepReason.Unreadable]));
    }

    [Fact]
    public async Task Apply_WhenOneDeleteFails_ReportsItAndDeletesTheRest()
    {
        var versions = await PublishAsync(40, 30, 20, 10);
        var store = new FaultyStore(_store) { FailDeleteOf = versions[1] };

        var outcome = await VersionRetention.ApplyAsync(ModelName, keepLast: 1, keepDays: null, NoneInUse, store, Now, Ct);

        Assert.Equal([versions[0], versions[2]], outcome.Deleted);
        var failed = Assert.Single(outcome.Failed);
        Assert.Equal(versions[1], failed.Version);
        Assert.Contains("access denied", failed.Error, StringComparison.Ordinal);
        Assert.True(outcome.HasErrors);
        Assert.Contains($"could not delete {versions[1]}: access denied", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WhenTheStoreCannotList_ReportsAndDeletesNothing()
    {
        await PublishAsync(40, 30);
        var store = new FaultyStore(_store) { FailList = true };

        var outcome = await VersionRetention.ApplyAsync(ModelName, keepLast: 1, keepDays: null, NoneInUse, store, Now, Ct);

        Assert.Empty(outcome.Deleted);
        Assert.Contains("cannot list the versions of shop-recs", outcome.ListError, StringComparison.Ordinal);
        Assert.Equal(2, (await _store.ListVersionIdsAsync(ModelName, Ct)).Count);
    }

    [Fact]
    public async Task Apply_WhenCancelled_Throws()
    {
        await PublishAsync(40, 30);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            VersionRetention.ApplyAsync(ModelName, keepLast: 1, keepDays: null, NoneInUse, new FaultyStore(_store) { CancelDeletes = true }, Now, cancelled.Token));
    }

    private static Model ModelWith(RetentionSpec? retention) => new()
    {
        Metadata = new V1ObjectMeta { Name = ModelName, NamespaceProperty = "shop" },
        Spec = new ModelSpec { Task = ModelTask.Recommendation, Retention = retention },
    };

    [Fact]
    public async Task ApplyForAModel_WithoutSpecRetention_DoesNothing()
    {
        var versions = await PublishAsync(400, 300);

        var outcome = await VersionRetention.ApplyAsync(ModelWith(null), new UnreachableCluster(), ICluster.AllNamespaces, _store, Now, Ct);

        Assert.Null(outcome);
        Assert.Equal(versions, await _store.ListVersionIdsAsync(ModelName, Ct));
    }

    [Fact]
    public async Task ApplyForAModel_KeepsWhatAModelDeploymentOfAnotherNamespaceServes()
    {
        var versions = await PublishAsync(40, 30, 20, 10);
        var cluster = new InMemoryCluster(new FakeTimeProvider(Now));
        var md = TestResources.ModelDeployment("recs", spec => spec.Model = ModelName);
        md.Metadata.NamespaceProperty = "prod";
        md = await cluster.CreateAsync(md, Ct);
        md.Status = new ModelDeploymentStatus { CurrentVersion = versions[0] };
        await cluster.ReplaceStatusAsync(md, Ct);

        var outcome = await VersionRetention.ApplyAsync(ModelWith(new RetentionSpec { KeepLast = 1 }), cluster, ICluster.AllNamespaces, _store, Now, Ct);

        Assert.Equal([versions[1], versions[2]], outcome!.Deleted);
        Assert.Equal("in use (ModelDeployment prod/recs: current)", outcome.Plan.Keep.Single(k => k.Version == versions[0]).Why);
    }

    [Fact]
    public async Task ApplyForAModel_WhenTheClusterCannotBeRead_DeletesNothing()
    {
        var versions = await PublishAsync(40, 30, 20);

        var outcome = await VersionRetention.ApplyAsync(ModelWith(new RetentionSpec { KeepLast = 1 }), new UnreachableCluster(), ICluster.AllNamespaces, _store, Now, Ct);

        Assert.Empty(outcome!.Deleted);
        Assert.Contains("cannot read which versions of shop-recs the ModelDeployments use: forbidden", outcome.ListError, StringComparison.Ordinal);
        Assert.Equal(versions, await _store.ListVersionIdsAsync(ModelName, Ct));
    }

    /// <summary>A cluster the operator may not read (403, or the API server down).</summary>
    private sealed class UnreachableCluster : ICluster
    {
        public Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new HttpRequestException("forbidden");

        public Task<IReadOnlyList<T>> ListAsync<T>(string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new HttpRequestException("forbidden");

        public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

        public Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

        public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

        public Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

        public Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, ClusterEvent clusterEvent, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    /// <summary>A store that fails the way S3 does now and then: one version's delete, or the listing.</summary>
    private sealed class FaultyStore(IModelStore inner) : IModelStore
    {
        public string? FailDeleteOf { get; init; }

        public bool FailList { get; init; }

        public bool CancelDeletes { get; init; }

        public string Location => inner.Location;

        public Task<bool> DeleteVersionAsync(string model, string version, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return version == FailDeleteOf ? throw new IOException("access denied") : inner.DeleteVersionAsync(model, version, cancellationToken);
        }

        public Task<ModelVersionList> ListVersionsAsync(string model, CancellationToken cancellationToken = default) =>
            FailList ? throw new HttpRequestException("connection refused") : inner.ListVersionsAsync(model, CancellationToken.None);

        public Task<ModelManifest> PublishAsync(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken = default) =>
            inner.PublishAsync(manifest, files, cancellationToken);

        public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) => inner.ListModelsAsync(cancellationToken);

        public Task<IReadOnlyList<string>> ListVersionIdsAsync(string model, CancellationToken cancellationToken = default) => inner.ListVersionIdsAsync(model, cancellationToken);

        public Task<ModelManifest?> GetManifestAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
            inner.GetManifestAsync(model, version, cancellationToken);

        public Task<LoadedModel> LoadAsync(string model, string? version = null, CancellationToken cancellationToken = default) => inner.LoadAsync(model, version, cancellationToken);

        public Task PublishMonitoringReportAsync(MonitoringReport report, CancellationToken cancellationToken = default) =>
            inner.PublishMonitoringReportAsync(report, cancellationToken);

        public Task<MonitoringReportList> ListMonitoringReportsAsync(string model, string version, int newest = int.MaxValue, CancellationToken cancellationToken = default) =>
            inner.ListMonitoringReportsAsync(model, version, newest, cancellationToken);
    }
}
