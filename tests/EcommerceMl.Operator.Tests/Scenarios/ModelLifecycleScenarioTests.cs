using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// The story through the API test server with the real KubernetesClient and both
/// controllers: train from the example TrainingJob, serve from the example ModelDeployments, roll
/// a newer version out as a canary and promote it; plus an operator restart, dropped watches and
/// a conflicting write on the way.
/// </summary>
public sealed class ModelLifecycleScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string TrainingJobName = "shop-recommendations-1";
    private const string Simple = "shop-recommendations";
    private const string Canaried = "shop-recommendations-canary";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
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

    private void StartOperator(Func<ICluster, ICluster>? decorate = null) => _operator = new RunningOperator(_server, Ns, _store, decorate);

    private async Task RestartOperatorAsync()
    {
        await _operator!.DisposeAsync();
        StartOperator();
    }

    private Task PublishAsync(string version, string? trainingJob = null) =>
        ModelVersionsForTests.PublishAsync(_store, "shop-recommendations", version, 0.3, trainingJob: trainingJob, cancellationToken: Ct);

    private Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) => ClusterClient.EventuallyAsync(read, done, Ct);

    private Task<ModelDeployment> ModelDeploymentAsync(string name, Func<ModelDeployment, bool> done) =>
        EventuallyAsync(() => _cluster.ModelDeploymentAsync(name, Ct), done);

    private Task<V1Deployment?> DeploymentAsync(string name, Func<V1Deployment?, bool> done) =>
        EventuallyAsync(() => _cluster.DeploymentAsync(name, Ct), done);

    private static string? VersionOf(V1Deployment? deployment) => deployment is null ? null : PredictorHealth.VersionOf(deployment);

    private static bool IsReady(ModelDeployment md) => Conditions.IsTrue(md.Status?.Conditions, ModelDeploymentConditions.Ready);

    [Fact]
    public async Task DeletingATrainingJobThatDeletesItsArtifacts_RemovesItsVersion_ThenTheTrainingJobAndItsJob()
    {
        const string Name = "cleanup-1";
        StartOperator();
        var trainingJob = TestResources.TrainingJob(Name, spec =>
        {
            spec.Model = Simple;
            spec.Output = new OutputSpec { DeleteArtifactsOnDelete = true };
        });
        trainingJob.Metadata.Uid = null;
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct);
        var job = Assert.Single(await EventuallyAsync(() => _cluster.JobsAsync(Ct), j => j.Count == 1));
        await PublishAsync(V1, trainingJob: $"{Ns}/{Name}");
        await PublishAsync(V2, trainingJob: $"{Ns}/another-run");
        await _cluster.CompleteJobAsync(job.Metadata.Name, Ct);
        var trained = await EventuallyAsync(() => _cluster.TrainingJobAsync(Name, Ct), t => t.Status?.ModelVersion is not null);

        await _cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, Name, cancellationToken: Ct);
        var gone = await EventuallyAsync(() => TrainingJobOrNullAsync(Name), t => t is null);

        Assert.Equal([TrainingJobFinalizer.Artifacts], trained.Metadata.Finalizers);
        Assert.Equal(V1, trained.Status!.ModelVersion);
        Assert.Null(gone);
        Assert.Equal([V2], (await _store.ListVersionsAsync(Simple, Ct)).Select(m => m.Version));
        Assert.Empty(await EventuallyAsync(() => _cluster.JobsAsync(Ct), j => j.Count == 0));
    }

    [Fact]
    public async Task AFinishedTrainingJob_ReconciledAgain_WritesNoStatus()
    {
        const string Name = "settled-1";
        var counting = (CountingCluster?)null;
        StartOperator(inner => counting = new CountingCluster(inner));
        var trainingJob = TestResources.TrainingJob(Name, spec => spec.Model = Simple);
        trainingJob.Metadata.Uid = null;
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct);
        var job = Assert.Single(await EventuallyAsync(() => _cluster.JobsAsync(Ct), j => j.Count == 1));
        await PublishAsync(V1, trainingJob: $"{Ns}/{Name}");
        await _cluster.CompleteJobAsync(job.Metadata.Name, Ct);
        var trained = await EventuallyAsync(() => _cluster.TrainingJobAsync(Name, Ct), t => t.Status?.ModelVersion is not null);
        // Let the reconcile that the operator's own status write triggers run out.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        var writes = counting!.TrainingJobStatusWrites;
        var reconciles = counting.TrainingJobPodLists;

        // A change to the Job (a label someone adds) brings the TrainingJob back: twice.
        foreach (var touch in new[] { "1", "2" })
        {
            var current = await _cluster.Client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, Ns, cancellationToken: Ct);
            current.Metadata.Labels["touched"] = touch;
            await _cluster.Client.BatchV1.ReplaceNamespacedJobAsync(current, job.Metadata.Name, Ns, cancellationToken: Ct);
            var seen = counting.TrainingJobPodLists;
            await EventuallyAsync(() => Task.FromResult(counting.TrainingJobPodLists), n => n > seen);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(200), Ct);
        var after = await _cluster.TrainingJobAsync(Name, Ct);
        Assert.True(counting.TrainingJobPodLists >= reconciles + 2);
        Assert.Equal(writes, counting.TrainingJobStatusWrites);
        Assert.Equal(trained.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal($"Published {Simple} version {V1}.", after.Status!.Message);
    }

    private async Task<TrainingJob?> TrainingJobOrNullAsync(string name)
    {
        try
        {
            return await _cluster.TrainingJobAsync(name, Ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    [Fact]
    public async Task TrainServeCanaryPromote_FromTheExamples()
    {
        StartOperator();
        await _cluster.ApplyExampleAsync("trainingjob-shop-recommendations.yaml", Ct);
        var jobs = await EventuallyAsync(() => _cluster.JobsAsync(Ct), j => j.Count == 1);
        var job = Assert.Single(jobs);

        await PublishAsync(V1, trainingJob: $"{Ns}/{TrainingJobName}");
        await _cluster.CompleteJobAsync(job.Metadata.Name, Ct);
        var trained = await EventuallyAsync(() => _cluster.TrainingJobAsync(TrainingJobName, Ct), t => t.Status?.Phase == TrainingJobPhases.Succeeded);
        Assert.Equal((TrainingJobPhases.Succeeded, V1), (trained.Status!.Phase, trained.Status.ModelVersion));

        await _cluster.ApplyExampleAsync("modeldeployment-shop-recommendations-canary.yaml", Ct);
        var stable = await DeploymentAsync($"{Canaried}-predictor", d => d is not null);
        Assert.Equal(V1, VersionOf(stable));
        await _cluster.MarkRolledOutAsync(stable!.Metadata.Name, Ct);
        var serving = await ModelDeploymentAsync(Canaried, IsReady);
        Assert.True(IsReady(serving), "the ModelDeployment should be Ready once its Deployment rolled out");
        Assert.Equal($"http://{Canaried}.{Ns}.svc", serving.Status!.Endpoint);

        // A newer version appears in the store: not a cluster event, the operator polls for it.
        await PublishAsync(V2);
        var canary = await DeploymentAsync($"{Canaried}-predictor-canary", d => d is not null);
        Assert.Equal((V2, 1), (VersionOf(canary), canary!.Spec.Replicas));
        Assert.Equal(3, (await _cluster.DeploymentAsync($"{Canaried}-predictor", Ct))!.Spec.Replicas);
        var canarying = await ModelDeploymentAsync(Canaried, md => md.Status?.CandidateVersion == V2);
        Assert.Equal([(V1, 75), (V2, 25)], canarying.Status!.Traffic!.Select(t => (t.Version, t.Percent)));

        await _cluster.MarkRolledOutAsync(canary.Metadata.Name, Ct);
        var promoted = await ModelDeploymentAsync(Canaried, md => md.Status?.CurrentVersion == V2);
        Assert.Equal((V2, V1, null), (promoted.Status!.CurrentVersion, promoted.Status.PreviousVersion, promoted.Status.CandidateVersion));
        var promotedStable = await DeploymentAsync($"{Canaried}-predictor", d => VersionOf(d) == V2);
        Assert.Equal((V2, 4), (VersionOf(promotedStable), promotedStable!.Spec.Replicas));

        // Until the stable Deployment has rolled over to V2, the canary's Pod keeps serving V2 (and says so).
        var finishing = await ModelDeploymentAsync(Canaried, md => Conditions.Find(md.Status?.Conditions, ModelDeploymentConditions.CanaryReady)?.Reason == ModelDeploymentReasons.Promoted);
        Assert.Equal(TransitionStatuses.InProgress, finishing.Status!.ModelStatus!.TransitionStatus);
        Assert.Equal(V2, VersionOf(await _cluster.DeploymentAsync($"{Canaried}-predictor-canary", Ct)));

        await _cluster.MarkRolledOutAsync(promotedStable.Metadata.Name, Ct);
        var gone = await DeploymentAsync($"{Canaried}-predictor-canary", d => d is null);
        Assert.Null(gone);
        var settled = await ModelDeploymentAsync(Canaried, md => md.Status?.ModelStatus?.TransitionStatus == TransitionStatuses.UpToDate);
        Assert.Null(Conditions.Find(settled.Status!.Conditions, ModelDeploymentConditions.CanaryReady));
        Assert.Single(await _cluster.JobsAsync(Ct));
    }

    [Fact]
    public async Task AnOperatorRestartMidWay_CreatesNoSecondJobOrDeployment()
    {
        StartOperator();
        await PublishAsync(V1);
        await _cluster.ApplyExampleAsync("trainingjob-shop-recommendations.yaml", Ct);
        await _cluster.ApplyExampleAsync("modeldeployment-shop-recommendations.yaml", Ct);
        await EventuallyAsync(() => _cluster.JobsAsync(Ct), j => j.Count == 1);
        var stable = await DeploymentAsync($"{Simple}-predictor", d => d is not null);

        await RestartOperatorAsync();
        await _cluster.MarkRolledOutAsync(stable!.Metadata.Name, Ct);
        var ready = await ModelDeploymentAsync(Simple, IsReady);

        Assert.True(IsReady(ready), "the restarted operator should take the ModelDeployment to Ready");
        Assert.Single(await _cluster.JobsAsync(Ct));
        Assert.Single(await _cluster.DeploymentsAsync(Ct));
        Assert.Single((await _cluster.Client.CoreV1.ListNamespacedServiceAsync(Ns, cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task WatchesDroppedWith410_RelistAndMissNothing()
    {
        StartOperator();
        await PublishAsync(V1);
        await _cluster.ApplyExampleAsync("modeldeployment-shop-recommendations.yaml", Ct);
        var stable = await DeploymentAsync($"{Simple}-predictor", d => d is not null);
        await ModelDeploymentAsync(Simple, md => md.Status?.CurrentVersion == V1);

        // An unrelated write moves the resourceVersion past every watch's last one; compacting then makes them all too old.
        await _cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unrelated" } }, Ns, cancellationToken: Ct);
        var listsBefore = _server.Lists;
        _server.Compact();
        _server.CloseWatches();
        await _cluster.MarkRolledOutAsync(stable!.Metadata.Name, Ct);
        var ready = await ModelDeploymentAsync(Simple, IsReady);
        var lists = await EventuallyAsync(() => Task.FromResult(_server.Lists), n => n >= listsBefore + 6);

        Assert.True(IsReady(ready), "the Deployment's rollout, made while the watches were down, should still reach the ModelDeployment");
        Assert.True(lists >= listsBefore + 6, $"expected the six watches to relist after 410, saw {lists - listsBefore} lists");
    }

    [Fact]
    public async Task AConflictingStatusWrite_IsRetried()
    {
        var interfering = (InterferingCluster?)null;
        StartOperator(inner => interfering = new InterferingCluster(inner, _cluster.Client));
        await PublishAsync(V1);
        await _cluster.ApplyExampleAsync("modeldeployment-shop-recommendations.yaml", Ct);

        var md = await ModelDeploymentAsync(Simple, m => m.Status?.CurrentVersion == V1);
        var stable = await DeploymentAsync($"{Simple}-predictor", d => d is not null);

        Assert.Equal(V1, md.Status!.CurrentVersion);
        Assert.Equal(1, interfering!.Interferences);
        Assert.Equal("yes", md.Metadata.Labels["touched-by-someone-else"]);
        Assert.Equal(V1, VersionOf(stable));
    }

    /// <summary>Counts the TrainingJob reconciler's status writes and its reconciles that got as far as reading the Job's Pods.</summary>
    private sealed class CountingCluster(ICluster inner) : ICluster
    {
        private int _statusWrites;
        private int _podLists;

        public int TrainingJobStatusWrites => Volatile.Read(ref _statusWrites);

        public int TrainingJobPodLists => Volatile.Read(ref _podLists);

        public Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.GetAsync<T>(ns, name, cancellationToken);

        public Task<IReadOnlyList<T>> ListAsync<T>(string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            if (typeof(T) == typeof(V1Pod) && labels.ContainsKey(EcommerceMl.Operator.Reconcilers.TrainingJobReconciler.JobNameLabel))
            {
                Interlocked.Increment(ref _podLists);
            }

            return inner.ListAsync<T>(ns, labels, cancellationToken);
        }

        public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.CreateAsync(obj, cancellationToken);

        public Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.ReplaceAsync(obj, cancellationToken);

        public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            if (obj is TrainingJob)
            {
                Interlocked.Increment(ref _statusWrites);
            }

            return inner.ReplaceStatusAsync(obj, cancellationToken);
        }

        public Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.DeleteAsync<T>(ns, name, cancellationToken);

        public Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, ClusterEvent clusterEvent, CancellationToken cancellationToken = default) =>
            inner.RecordEventAsync(regarding, clusterEvent, cancellationToken);
    }

    /// <summary>Before the operator's first ModelDeployment status write, someone else changes the ModelDeployment, so that write is stale (409).</summary>
    private sealed class InterferingCluster(ICluster inner, Kubernetes client) : ICluster
    {
        private int _interferences;

        public int Interferences => Volatile.Read(ref _interferences);

        public Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.GetAsync<T>(ns, name, cancellationToken);

        public Task<IReadOnlyList<T>> ListAsync<T>(string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.ListAsync<T>(ns, labels, cancellationToken);

        public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.CreateAsync(obj, cancellationToken);

        public Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.ReplaceAsync(obj, cancellationToken);

        public async Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            if (obj is ModelDeployment && Interlocked.CompareExchange(ref _interferences, 1, 0) == 0)
            {
                await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                    new V1Patch("""{"metadata":{"labels":{"touched-by-someone-else":"yes"}}}""", V1Patch.PatchType.MergePatch),
                    MlApi.Group, MlApi.Version, obj.Metadata.NamespaceProperty, ModelDeployment.Plural, obj.Metadata.Name, cancellationToken: cancellationToken);
            }

            return await inner.ReplaceStatusAsync(obj, cancellationToken);
        }

        public Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
            where T : class, IKubernetesObject<V1ObjectMeta> => inner.DeleteAsync<T>(ns, name, cancellationToken);

        public Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, ClusterEvent clusterEvent, CancellationToken cancellationToken = default) =>
            inner.RecordEventAsync(regarding, clusterEvent, cancellationToken);
    }
}
