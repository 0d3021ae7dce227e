using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>
/// Issue 15 item 5, the Model: a store that cannot be read, or a manifest the Model needs that cannot be parsed,
/// holds the Model with a <c>StoreAvailable</c> condition saying why — no run started on half a view, no challenger
/// recorded servable on its phase alone, no champion demoted, no history lost — until the store answers.
/// </summary>
public sealed class ModelStoreOutageTests : IDisposable
{
    private const string V0 = "20261110T110000Z-cccccc";
    private const string V1 = "20261110T120000Z-aaaaaa";
    private const string V2 = "20261110T130000Z-bbbbbb";
    private const string StoreUrl = "http://ecml-operator:Wq7pLx2mZr9vKd4s@minio.ml.svc:9000/models";
    private readonly ModelWorld _world = new();
    private readonly SwitchableModelStore _store;

    public ModelStoreOutageTests()
    {
        _store = new SwitchableModelStore(_world.Store, StoreUrl);
        _world.Reconciler = new ModelReconciler(_world.Cluster, _ => _store, TestResources.Settings with { Store = StoreUrl }, _world.Time, NullLogger<ModelReconciler>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _world.Dispose();

    private string ManifestFile(string version) => Path.Combine(_world.Store.Location, ModelStoreLayout.ManifestPath(ModelFixtures.Name, version));

    private static V1Condition? Find(Model model, string type) => Conditions.Find(model.Status?.Conditions, type);

    private IEnumerable<ClusterEventRecord> EventsOf(string reason) => _world.Events.Where(e => e.Reason == reason);

    [Fact]
    public async Task WithTheStoreDown_TheModelHolds_StartsNoRun_KeepsItsHistory_WarnsOnce_AndLooksAgainWithADoublingDelay()
    {
        await _world.ApplyAsync(ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "30 12 * * *", TimeZone = "UTC" }));
        await _world.ReconcileAsync();
        await _world.FinishRunAsync("shop-recs-initial", V1);
        var before = await _world.ReconcileAsync();
        _store.Down = true;
        // The schedule comes due during the outage.
        _world.Time.Advance(TimeSpan.FromMinutes(30));

        var held = await _world.ReconcileAsync();

        Assert.Equal(["shop-recs-initial"], (await _world.RunsAsync()).Select(r => r.Metadata.Name));
        Assert.Equal(V1, held.Status!.ServableVersion);
        Assert.Equal(before.Status!.History!.Select(h => (h.Job, h.Version, h.Servable)), held.Status.History!.Select(h => (h.Job, h.Version, h.Servable)));
        Assert.Equal(ConditionStatus.True, Find(held, ModelConditions.Ready)!.Status);
        var store = Find(held, StoreConditions.StoreAvailable)!;
        Assert.Equal((ConditionStatus.False, StoreConditions.StoreUnavailable), (store.Status, store.Reason));
        Assert.Contains("minio.ml.svc:9000/models cannot be reached", store.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", store.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wq7pLx2mZr9vKd4s", store.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), _world.LastResult!.RequeueAfter);

        var delays = new List<TimeSpan?>();
        foreach (var wait in new[] { 5, 5, 10, 20, 40, 80 })
        {
            _world.Time.Advance(TimeSpan.FromSeconds(wait));
            await _world.ReconcileAsync();
            delays.Add(_world.LastResult!.RequeueAfter);
        }

        Assert.Equal([5, 10, 20, 40, 60, 60], delays.Select(d => d!.Value.TotalSeconds));
        var warning = Assert.Single(EventsOf(StoreConditions.StoreUnavailable));
        Assert.Equal("Warning", warning.Type);
        Assert.DoesNotContain("Wq7pLx2mZr9vKd4s", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["shop-recs-initial"], (await _world.RunsAsync()).Select(r => r.Metadata.Name));

        _store.Down = false;
        var answered = await _world.ReconcileAsync();
        await _world.ReconcileAsync();

        Assert.Null(Find(answered, StoreConditions.StoreAvailable));
        Assert.Equal(["shop-recs-initial", "shop-recs-sched-202611101230"], (await _world.RunsAsync()).Select(r => r.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Normal", Assert.Single(EventsOf(StoreConditions.StoreAvailable)).Type);
    }

    [Fact]
    public async Task AModelCreatedWhileTheStoreIsDown_IsNotReadyWithTheReason_AndStartsItsFirstRunOnlyOnceTheStoreAnswers()
    {
        _store.Down = true;
        await _world.ApplyAsync(ModelFixtures.Model());

        var held = await _world.ReconcileAsync();

        Assert.Empty(await _world.RunsAsync());
        Assert.Equal((ConditionStatus.False, StoreConditions.StoreUnavailable), (Find(held, ModelConditions.Ready)!.Status, Find(held, ModelConditions.Ready)!.Reason));
        Assert.NotNull(_world.LastResult!.RequeueAfter);

        _store.Down = false;
        var answered = await _world.ReconcileAsync();

        Assert.Equal("shop-recs-initial", Assert.Single(await _world.RunsAsync()).Metadata.Name);
        Assert.Equal(ModelReasons.NoServableVersion, Find(answered, ModelConditions.Ready)!.Reason);
        Assert.Null(Find(answered, StoreConditions.StoreAvailable));
    }

    [Fact]
    public async Task AFinishedRunWhoseManifestCannotBeRead_IsNotRecordedServable_UntilItCanBe_ThenIsRejected()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(ModelFixtures.Model(s =>
        {
            s.Monitoring = new MonitoringSpec { Interval = "1m", Window = "7d" };
            s.Triggers!.Drift = new DriftTrigger { Threshold = 0.1, MinSamples = 1000 };
        }));
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), drifted: ["price"]));
        await _world.ReconcileAsync();
        await _world.FinishRunAsync("shop-recs-drift-20261110120000", V2, ndcg: 0.2, lostToChampion: true);
        var manifest = await File.ReadAllBytesAsync(ManifestFile(V2), Ct);
        await File.WriteAllTextAsync(ManifestFile(V2), "{\"model\": \"shop-recs\", \"vers", Ct);

        var held = await _world.ReconcileAsync();

        Assert.Equal(V1, held.Status!.ServableVersion);
        Assert.DoesNotContain(held.Status.History ?? [], h => h.Version == V2);
        var store = Find(held, StoreConditions.StoreAvailable)!;
        Assert.Equal(StoreConditions.ManifestUnreadable, store.Reason);
        Assert.Contains(V2, store.Message, StringComparison.Ordinal);
        Assert.Single(EventsOf(StoreConditions.ManifestUnreadable));
        Assert.DoesNotContain(_world.Events, e => e.Reason == ModelReasons.NewServableVersion && e.Message.Contains(V2, StringComparison.Ordinal));

        await File.WriteAllBytesAsync(ManifestFile(V2), manifest, Ct);
        var read = await _world.ReconcileAsync();

        Assert.Equal(V1, read.Status!.ServableVersion);
        var record = Assert.Single(read.Status.History!, h => h.Version == V2);
        Assert.False(record.Servable);
        Assert.Single(EventsOf(ModelReasons.CandidateRejected));
        Assert.Null(Find(read, StoreConditions.StoreAvailable));
    }

    [Fact]
    public async Task AChampionWhoseManifestCannotBeRead_IsNotDemotedToAnOlderVersion()
    {
        await _world.PublishAsync(V0);
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(ModelFixtures.Model());
        Assert.Equal(V1, (await _world.ReconcileAsync()).Status!.ServableVersion);
        // A newer version that lost to the champion: the walk to the servable version passes over it, then reaches V1.
        await _world.Store.PublishAsync(ModelFixtures.Manifest(V2) with
        {
            Champion = new ChampionComparison(V1, "ndcg_at_10", GateResult.Minimum, 0.35, 0.2, 0.01, Passed: false),
        }, new Dictionary<string, byte[]> { ["model.bin"] = [1] }, Ct);
        await File.WriteAllTextAsync(ManifestFile(V1), "not json", Ct);

        var held = await _world.ReconcileAsync();

        Assert.Equal(V1, held.Status!.ServableVersion);
        Assert.Equal(StoreConditions.ManifestUnreadable, Find(held, StoreConditions.StoreAvailable)!.Reason);
        Assert.Contains(V1, Find(held, StoreConditions.StoreAvailable)!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Events, e => e.Reason == ModelReasons.NewServableVersion && e.Message.Contains(V0, StringComparison.Ordinal));
    }
}
