using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Reconcilers;

public sealed class TrainingJobReconcilerTests : IDisposable
{
    private const string Ns = "shop";
    private const string Name = "shop-recs-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCluster _cluster;
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
    private readonly LocalModelStore _store;
    private readonly WorkloadSettings _settings;

    public TrainingJobReconcilerTests()
    {
        _cluster = new InMemoryCluster(_time);
        _store = new LocalModelStore(_storeFolder.FullName);
        _settings = TestResources.Settings with { Store = _storeFolder.FullName };
    }

    public void Dispose() => _storeFolder.Delete(recursive: true);

    private TrainingJobReconciler Reconciler(WorkloadSettings? settings = null) =>
        new(_cluster, location => location == _store.Location ? _store : throw new InvalidOperationException($"unexpected store {location}"),
            settings ?? _settings, _time, NullLogger<TrainingJobReconciler>.Instance);

    private async Task<TrainingJob> ApplyAsync(Action<TrainingJobSpec>? configure = null)
    {
        var trainingJob = TestResources.TrainingJob(Name, configure);
        trainingJob.Metadata.Uid = null;
        return await _cluster.CreateAsync(trainingJob, Ct);
    }

    private async Task<TrainingJob> ReconcileAndReadAsync(TrainingJobReconciler? reconciler = null)
    {
        await (reconciler ?? Reconciler()).ReconcileAsync(Ns, Name, TestContext.Current.CancellationToken);
        return (await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct))!;
    }

    private async Task<V1Job> TheJobAsync() => Assert.Single(await _cluster.ListAsync<V1Job>(Ns, new Dictionary<string, string>(), Ct));

    private Task<V1Job> SetJobStatusAsync(V1JobStatus status) =>
        TheJobAsync().ContinueWith(job => _cluster.SetStatusAsync<V1Job>(Ns, job.Result.Metadata.Name, j => j.Status = status), TaskScheduler.Default).Unwrap();

    private async Task AddPodAsync(string jobName, V1PodStatus status)
    {
        var pod = await _cluster.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{jobName}-x7k2p", NamespaceProperty = Ns, Labels = new Dictionary<string, string> { [TrainingJobReconciler.JobNameLabel] = jobName } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "trainer" }] },
        }, Ct);
        await _cluster.SetStatusAsync<V1Pod>(Ns, pod.Metadata.Name, p => p.Status = status);
    }

    private async Task PublishAsync(string trainingJob, string version, double ndcg) =>
        await _store.PublishAsync(
            new ModelManifest
            {
                Model = "shop-recs",
                Version = version,
                Task = "recommendation",
                Algorithm = "item-cosine",
                CreatedAt = _time.GetUtcNow(),
                TrainingJob = trainingJob,
                Data = new DataFingerprint("synthetic", new string('0', 64), new Dictionary<string, long> { ["orders"] = 100 }, null, null),
                Metrics = new Dictionary<string, double> { ["ndcg_at_10"] = ndcg },
                Files = new Dictionary<string, string>(),
            },
            new Dictionary<string, byte[]> { ["model.bin"] = [1, 2, 3] });

    private static V1JobCondition True(string type, string reason, string message = "") => new() { Type = type, Status = "True", Reason = reason, Message = message };

    [Fact]
    public async Task Reconcile_CreatesTheJobOnce_EvenAcrossAnOperatorRestart()
    {
        await ApplyAsync();

        var afterFirst = await ReconcileAndReadAsync();
        await ReconcileAndReadAsync();
        var afterRestart = await ReconcileAndReadAsync(Reconciler());

        Assert.Equal(1, _cluster.Count<V1Job>());
        var job = await TheJobAsync();
        Assert.Equal(job.Metadata.Name, afterRestart.Status!.JobName);
        Assert.True(OwnerReferences.IsControlledBy(job, afterFirst));
        Assert.Equal(TrainingJobPhases.Pending, afterFirst.Status!.Phase);
        Assert.True(Conditions.IsTrue(afterFirst.Status.Conditions, TrainingJobConditions.Created));
        Assert.Single(_cluster.Events, e => e.Event.Reason == TrainingJobReasons.JobCreated);
    }

    [Fact]
    public async Task Reconcile_WhenNothingChanged_WritesNothing()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        var writes = _cluster.Writes;
        _time.Advance(TimeSpan.FromMinutes(1));

        await ReconcileAndReadAsync();

        Assert.Equal(writes, _cluster.Writes);
    }

    [Fact]
    public async Task Reconcile_WhenTheTrainerPodRuns_ReportsRunning()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        var job = await SetJobStatusAsync(new V1JobStatus { Active = 1, Ready = 1, StartTime = _time.GetUtcNow().UtcDateTime });
        await AddPodAsync(job.Metadata.Name, new V1PodStatus { Phase = "Running" });

        var trainingJob = await ReconcileAndReadAsync();

        Assert.Equal(TrainingJobPhases.Running, trainingJob.Status!.Phase);
        Assert.Equal(1, trainingJob.Status.Attempts);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, trainingJob.Status.StartTime);
    }

    [Fact]
    public async Task Reconcile_WhenJobSucceeded_RecordsModelVersionArtifactAndMetricsFromTheManifest()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/{Name}", "20261123T020500Z-aaaaaa", ndcg: 0.31);
        _time.Advance(TimeSpan.FromMinutes(10));
        await PublishAsync($"{Ns}/another-run", "20261123T021500Z-bbbbbb", ndcg: 0.12);
        await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, CompletionTime = _time.GetUtcNow().UtcDateTime, Conditions = [True("Complete", "CompletionsReached")] });

        var trainingJob = await ReconcileAndReadAsync();

        var status = trainingJob.Status!;
        Assert.Equal(TrainingJobPhases.Succeeded, status.Phase);
        Assert.Equal("20261123T020500Z-aaaaaa", status.ModelVersion);
        Assert.Equal($"{_store.Location.TrimEnd('/')}/models/shop-recs/versions/20261123T020500Z-aaaaaa/", status.ArtifactUri);
        Assert.Equal(0.31, status.Metrics!["ndcg_at_10"], 1e-12);
        Assert.Contains(_cluster.Events, e => e.Event.Type == ClusterEvent.Normal && e.Event.Reason == TrainingJobReasons.TrainingSucceeded);
    }

    [Fact]
    public async Task Reconcile_OfASucceededTrainingJobWhereNothingChanged_WritesNothing_AndKeepsThePublishedMessage()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/{Name}", "20261123T020500Z-aaaaaa", ndcg: 0.31);
        await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, CompletionTime = _time.GetUtcNow().UtcDateTime, Conditions = [True("Complete", "CompletionsReached")] });
        var succeeded = await ReconcileAndReadAsync();
        var writes = _cluster.Writes;
        _time.Advance(TimeSpan.FromMinutes(5));

        var again = await ReconcileAndReadAsync();
        await ReconcileAndReadAsync();

        Assert.Equal("Published shop-recs version 20261123T020500Z-aaaaaa.", succeeded.Status!.Message);
        Assert.Equal(succeeded.Status.Message, again.Status!.Message);
        Assert.Equal(succeeded.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal(writes, _cluster.Writes);
        Assert.Single(_cluster.Events, e => e.Event.Reason == TrainingJobReasons.TrainingSucceeded);
    }

    [Fact]
    public async Task Reconcile_OfATrainingJobWhoseVersionNeverArrived_WritesNothingMore_AndRecoversWhenItDoes()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, Conditions = [True("Complete", "CompletionsReached")] });
        var failed = await ReconcileAndReadAsync();
        var writes = _cluster.Writes;
        _time.Advance(TimeSpan.FromMinutes(5));

        var again = await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/{Name}", "20261123T020500Z-aaaaaa", ndcg: 0.31);
        var recovered = await ReconcileAndReadAsync();

        Assert.Equal(TrainingJobReasons.ArtifactUploadFailed, Conditions.Find(failed.Status!.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Equal(failed.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal(writes, _cluster.Writes - 1);
        Assert.Equal(TrainingJobPhases.Succeeded, recovered.Status!.Phase);
        Assert.Equal("20261123T020500Z-aaaaaa", recovered.Status.ModelVersion);
    }

    [Fact]
    public async Task Reconcile_WhenTheModelMissedItsGate_FailsWithGateNotMet_AndRecordsTheVersionAndGate()
    {
        await ApplyAsync(spec => spec.Evaluation = new EvaluationSpec { Gate = new GateSpec { Metric = ModelVersionsForTests.Metric, Minimum = 0.2 } });
        await ReconcileAndReadAsync();
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", "20261123T020500Z-aaaaaa", 0.12, ModelVersionsForTests.MinimumGate(0.2, 0.12), $"{Ns}/{Name}", Ct);
        var job = await SetJobStatusAsync(new V1JobStatus { Failed = 1, Conditions = [True("Failed", "PodFailurePolicy")] });
        await AddPodAsync(job.Metadata.Name, new V1PodStatus
        {
            Phase = "Failed",
            ContainerStatuses = [new V1ContainerStatus { Name = "trainer", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 3, Message = "error: gate not met: ndcg_at_10 = 0.12, below the minimum 0.2" } } }],
        });

        var trainingJob = await ReconcileAndReadAsync();

        var status = trainingJob.Status!;
        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(TrainingJobReasons.GateNotMet, Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Equal("20261123T020500Z-aaaaaa", status.ModelVersion);
        Assert.False(status.Gate!.Passed);
        Assert.Equal("ndcg_at_10=0.12 (minimum 0.2): not met", status.Gate.Summary);
        Assert.Contains(_cluster.Events, e => e.Event is { Type: ClusterEvent.Warning, Reason: TrainingJobReasons.GateNotMet });
    }

    [Fact]
    public async Task Reconcile_WhenTheModelLostToTheChampion_FailsWithChampionNotBeaten_RecordsTheVersion_AndWarns()
    {
        await ApplyAsync(spec => spec.Evaluation = new EvaluationSpec { Gate = new GateSpec { Metric = ModelVersionsForTests.Metric, Minimum = 0.1, Tolerance = 0.01 } });
        await ReconcileAndReadAsync();
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", "20261123T020500Z-aaaaaa", 0.21, ModelVersionsForTests.MinimumGate(0.1, 0.21), $"{Ns}/{Name}", Ct);
        var job = await SetJobStatusAsync(new V1JobStatus { Failed = 1, Conditions = [True("Failed", "PodFailurePolicy")] });
        const string said = "ndcg_at_10 = 0.21 against 0.25 of champion 20261122T020500Z-bbbbbb: worse by more than 0.01";
        await AddPodAsync(job.Metadata.Name, new V1PodStatus
        {
            Phase = "Failed",
            ContainerStatuses = [new V1ContainerStatus { Name = "trainer", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = TrainerExitCodes.ChampionNotBeaten, Message = $"error: champion not beaten: {said}; version 20261123T020500Z-aaaaaa was published but will not be served as latest." } } }],
        });

        var trainingJob = await ReconcileAndReadAsync();

        var status = trainingJob.Status!;
        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(TrainingJobReasons.ChampionNotBeaten, Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Contains(said, status.Message, StringComparison.Ordinal);
        Assert.Equal("20261123T020500Z-aaaaaa", status.ModelVersion);
        Assert.Contains(_cluster.Events, e => e.Event.Type == ClusterEvent.Warning && e.Event.Reason == TrainingJobReasons.ChampionNotBeaten && e.Event.Message.Contains(said, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_WhenJobSucceededButTheStoreHasNoVersionFromIt_FailsWithArtifactUploadFailed()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, Conditions = [True("Complete", "CompletionsReached")] });

        var trainingJob = await ReconcileAndReadAsync();

        Assert.Equal(TrainingJobPhases.Failed, trainingJob.Status!.Phase);
        Assert.Equal(TrainingJobReasons.ArtifactUploadFailed, Conditions.Find(trainingJob.Status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Null(trainingJob.Status.ModelVersion);
    }

    [Fact]
    public async Task Reconcile_WhenTheTrainerExitedWith2_FailsWithInvalidSpecAndAWarningEvent()
    {
        await ApplyAsync(spec => spec.Hyperparameters = new Dictionary<string, string> { ["alpha"] = "1" });
        await ReconcileAndReadAsync();
        var job = await SetJobStatusAsync(new V1JobStatus { Failed = 1, Conditions = [True("Failed", "PodFailurePolicy")] });
        await AddPodAsync(job.Metadata.Name, new V1PodStatus
        {
            Phase = "Failed",
            ContainerStatuses = [new V1ContainerStatus { Name = "trainer", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 2, Message = "error: Unknown hyperparameter 'alpha'." } } }],
        });

        var trainingJob = await ReconcileAndReadAsync();

        Assert.Equal(TrainingJobPhases.Failed, trainingJob.Status!.Phase);
        Assert.Equal(TrainingJobReasons.InvalidSpec, Conditions.Find(trainingJob.Status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Contains("Unknown hyperparameter 'alpha'", trainingJob.Status.Message, StringComparison.Ordinal);
        Assert.Contains(_cluster.Events, e => e.Event.Type == ClusterEvent.Warning && e.Event.Reason == TrainingJobReasons.InvalidSpec);
    }

    [Fact]
    public async Task Reconcile_WhenSuspendIsSet_SuspendsTheJob_AndResumesItWhenCleared()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        var trainingJob = (await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct))!;
        trainingJob.Spec.RunPolicy = new RunPolicySpec { Suspend = true };
        await _cluster.ReplaceAsync(trainingJob, Ct);

        var suspended = await ReconcileAndReadAsync();

        Assert.True((await TheJobAsync()).Spec.Suspend);
        Assert.Equal(TrainingJobPhases.Suspended, suspended.Status!.Phase);

        suspended.Spec.RunPolicy!.Suspend = false;
        await _cluster.ReplaceAsync(suspended, Ct);
        var resumed = await ReconcileAndReadAsync();

        Assert.False((await TheJobAsync()).Spec.Suspend);
        Assert.Equal(TrainingJobPhases.Pending, resumed.Status!.Phase);
        Assert.Equal(["Suspended", "Resumed"], _cluster.Events.Where(e => e.Event.Reason is "Suspended" or "Resumed").Select(e => e.Event.Reason));
    }

    [Fact]
    public async Task Reconcile_WhenTheJobCannotBeBuilt_FailsWithInvalidSpecAndCreatesNothing()
    {
        await ApplyAsync(spec => spec.Output = new OutputSpec { Store = "s3://models/shop" });
        var reconciler = Reconciler(_settings with { CredentialsSecretName = null });

        var trainingJob = await ReconcileAndReadAsync(reconciler);
        var writes = _cluster.Writes;
        await ReconcileAndReadAsync(reconciler);

        Assert.Equal(0, _cluster.Count<V1Job>());
        Assert.Equal(TrainingJobPhases.Failed, trainingJob.Status!.Phase);
        Assert.Equal(TrainingJobReasons.InvalidSpec, Conditions.Find(trainingJob.Status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Contains("credentialsSecretRef", trainingJob.Status.Message, StringComparison.Ordinal);
        Assert.Equal(writes, _cluster.Writes);
    }

    [Fact]
    public async Task Reconcile_WhenTheFinishedJobWasCleanedUp_KeepsTheStatusAndCreatesNoNewJob()
    {
        await ApplyAsync();
        await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/{Name}", "20261123T020500Z-aaaaaa", ndcg: 0.31);
        var job = await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, Conditions = [True("Complete", "CompletionsReached")] });
        var succeeded = await ReconcileAndReadAsync();
        _cluster.Delete<V1Job>(Ns, job.Metadata.Name);

        var afterCleanup = await ReconcileAndReadAsync();

        Assert.Equal(0, _cluster.Count<V1Job>());
        Assert.Equal(succeeded.Status!.ModelVersion, afterCleanup.Status!.ModelVersion);
        Assert.Equal(TrainingJobPhases.Succeeded, afterCleanup.Status.Phase);
    }

    [Fact]
    public async Task Reconcile_WhenAJobOfItsNameBelongsToAnotherOwner_WaitsAndSaysSo()
    {
        var trainingJob = await ApplyAsync();
        var foreign = TrainingJobBuilder.Build(trainingJob, _settings);
        foreign.Metadata.OwnerReferences[0].Uid = "an-earlier-trainingjob";
        await _cluster.CreateAsync(foreign, Ct);

        var result = await Reconciler().ReconcileAsync(Ns, Name, TestContext.Current.CancellationToken);
        var read = (await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct))!;

        Assert.NotNull(result.RequeueAfter);
        Assert.Equal(TrainingJobReasons.JobNotOwned, Conditions.Find(read.Status!.Conditions, TrainingJobConditions.Created)!.Reason);
        Assert.Equal(1, _cluster.Count<V1Job>());
    }

    [Fact]
    public async Task Reconcile_WhenTheTrainingJobIsGone_DoesNothing()
    {
        var result = await Reconciler().ReconcileAsync(Ns, "missing", TestContext.Current.CancellationToken);

        Assert.Null(result.RequeueAfter);
        Assert.Equal(0, _cluster.Writes);
    }

    [Fact]
    public async Task DeleteArtifactsOnDelete_AddsTheFinalizer_AndDeletingRemovesItsVersionThenTheTrainingJob()
    {
        const string Published = "20261123T020500Z-aaaaaa";
        const string Other = "20261123T021500Z-bbbbbb";
        await ApplyAsync(spec => spec.Output = new OutputSpec { DeleteArtifactsOnDelete = true });
        var created = await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/{Name}", Published, ndcg: 0.31);
        await PublishAsync($"{Ns}/another-run", Other, ndcg: 0.12);
        await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, Conditions = [True("Complete", "CompletionsReached")] });
        var succeeded = await ReconcileAndReadAsync();

        await _cluster.DeleteAsync<TrainingJob>(Ns, Name, Ct);
        var deleting = await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct);
        await Reconciler().ReconcileAsync(Ns, Name, Ct);

        Assert.Equal([TrainingJobFinalizer.Artifacts], created.Metadata.Finalizers);
        Assert.Equal(1, _cluster.Count<V1Job>());
        Assert.Equal(Published, succeeded.Status!.ModelVersion);
        Assert.NotNull(deleting?.Metadata.DeletionTimestamp);
        Assert.Null(await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct));
        Assert.Equal([Other], (await _store.ListVersionsAsync("shop-recs", Ct)).Select(m => m.Version));
        Assert.Contains(_cluster.Events, e => e.Event.Reason == TrainingJobReasons.ArtifactsDeleted && e.Event.Message.Contains(Published, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutDeleteArtifactsOnDelete_NoFinalizerIsAdded_AndTheVersionOutlivesTheTrainingJob()
    {
        const string Published = "20261123T020500Z-aaaaaa";
        await ApplyAsync(spec => spec.Output = new OutputSpec { DeleteArtifactsOnDelete = false });
        var created = await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/{Name}", Published, ndcg: 0.31);
        await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, Conditions = [True("Complete", "CompletionsReached")] });
        await ReconcileAndReadAsync();

        await _cluster.DeleteAsync<TrainingJob>(Ns, Name, Ct);
        var result = await Reconciler().ReconcileAsync(Ns, Name, Ct);

        Assert.Null(created.Metadata.Finalizers);
        Assert.Null(result.RequeueAfter);
        Assert.Null(await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct));
        Assert.Equal([Published], (await _store.ListVersionsAsync("shop-recs", Ct)).Select(m => m.Version));
    }

    [Fact]
    public async Task DeleteArtifactsOnDelete_WhenTheRunPublishedNothing_JustLetsTheTrainingJobGo()
    {
        await ApplyAsync(spec => spec.Output = new OutputSpec { DeleteArtifactsOnDelete = true });
        await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/another-run", "20261123T021500Z-bbbbbb", ndcg: 0.12);

        await _cluster.DeleteAsync<TrainingJob>(Ns, Name, Ct);
        await Reconciler().ReconcileAsync(Ns, Name, Ct);

        Assert.Null(await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct));
        Assert.Single(await _store.ListVersionsAsync("shop-recs", Ct));
        Assert.DoesNotContain(_cluster.Events, e => e.Event.Reason == TrainingJobReasons.ArtifactsDeleted);
    }

    [Fact]
    public async Task DeleteArtifactsOnDelete_WhenTheStoreFails_KeepsTheFinalizerSoTheDeleteIsRetried()
    {
        await ApplyAsync(spec => spec.Output = new OutputSpec { DeleteArtifactsOnDelete = true });
        await ReconcileAndReadAsync();
        await PublishAsync($"{Ns}/{Name}", "20261123T020500Z-aaaaaa", ndcg: 0.31);
        await SetJobStatusAsync(new V1JobStatus { Succeeded = 1, Conditions = [True("Complete", "CompletionsReached")] });
        await ReconcileAndReadAsync();
        await _cluster.DeleteAsync<TrainingJob>(Ns, Name, Ct);
        var unreachable = new TrainingJobReconciler(_cluster, location => throw new IOException($"{location}: connection refused"), _settings, _time, NullLogger<TrainingJobReconciler>.Instance);

        await Assert.ThrowsAsync<IOException>(() => unreachable.ReconcileAsync(Ns, Name, Ct));
        var stillThere = await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct);
        await Reconciler().ReconcileAsync(Ns, Name, Ct);

        Assert.Equal([TrainingJobFinalizer.Artifacts], stillThere?.Metadata.Finalizers);
        Assert.Null(await _cluster.GetAsync<TrainingJob>(Ns, Name, Ct));
        Assert.Empty(await _store.ListVersionsAsync("shop-recs", Ct));
    }
}
