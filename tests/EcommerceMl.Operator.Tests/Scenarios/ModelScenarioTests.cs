using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// The Model loop through the API test server with the real KubernetesClient and all three
/// controllers, the Model's on a fake clock. The test plays the Job controller and the trainer
/// (a Job completes, a version appears in the store) and the monitor (a report appears, its Job completes).
/// </summary>
public sealed class ModelScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Name = "shop-recommendations";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-model-scenario-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    // Made two hours and one hour before the clock starts (at the real now: the API server stamps real times). Fixed
    // dates aged with the calendar: from 2026-12-06 18:00 UTC the seven hours waited below took the first version past
    // the example's maxAge (14 d), and a maxAge run started instead of the drift run.
    private readonly string _v1;
    private readonly string _v2;
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private LocalModelStore _store = null!;
    private RunningOperator? _operator;

    public ModelScenarioTests()
    {
        _v1 = VersionMadeAt(_time.GetUtcNow().AddHours(-2), "aaaaaa");
        _v2 = VersionMadeAt(_time.GetUtcNow().AddHours(-1), "bbbbbb");
    }

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

    private void StartOperator() => _operator = new RunningOperator(_server, Ns, _store, time: _time);

    [Fact]
    public async Task ExampleModel_TrainsItself_IsServed_DetectsDrift_RetrainsOnce_AcrossARestart_AndTheNewVersionIsServed()
    {
        StartOperator();
        // Without the example's weekly schedule (Sunday 02:00 London): the fake clock starts at the real now, and a test
        // started on a Saturday evening crossed it in the seven hours waited below, so a scheduled run started beside
        // the drift run. The schedule has its own test (Schedule_FiresOnTheFakeClock…).
        await _cluster.ApplyExampleAsync("model-shop-recommendations.yaml", Ct, edit: r => (r as Model)?.Spec.Triggers?.Schedule = null);
        await _cluster.ApplyExampleAsync("modeldeployment-shop-recommendations.yaml", Ct);

        // Initial training → servable → served.
        await FinishRunAsync(Name + "-initial", _v1);
        var model = await ModelAsync(m => m.Status?.ServableVersion == _v1);
        Assert.True(Conditions.IsTrue(model.Status?.Conditions, ModelConditions.Ready), "a Model with a servable version and a valid spec is Ready");
        await ServedAsync(_v1);

        // Past the cool-down after the first run, the hourly check finds drift in two features.
        var monitor = await NextMonitoringJobAsync(advance: TimeSpan.FromHours(7), after: null);
        await _store.PublishMonitoringReportAsync(ModelFixtures.Report(_v1, _time.GetUtcNow(), drifted: ["category", "price"], model: Name), Ct);
        await _cluster.CompleteJobAsync(monitor, Ct);
        model = await ModelAsync(m => Conditions.IsTrue(m.Status?.Conditions, ModelConditions.DriftDetected) && m.Status?.ActiveJob is not null);
        Assert.Contains("category, price", Conditions.Find(model.Status!.Conditions, ModelConditions.DriftDetected)!.Message, StringComparison.Ordinal);
        var driftRun = model.Status.ActiveJob!;
        Assert.StartsWith(Name + "-drift-", driftRun, StringComparison.Ordinal);
        Assert.Equal(TrainingTriggers.DriftDetected, (await _cluster.TrainingJobAsync(driftRun, Ct)).Metadata.Labels[StandardLabels.Trigger]);

        // An operator restart mid-way starts no second run.
        await _operator!.DisposeAsync();
        StartOperator();
        _time.Advance(TimeSpan.FromSeconds(5));
        await ModelAsync(m => m.Status?.ActiveJob == driftRun);
        Assert.Equal(2, (await RunsAsync()).Count);

        // The retraining run's version becomes servable and is rolled out.
        await FinishRunAsync(driftRun, _v2);
        // The version is in the store a moment before its run is seen finished: wait for both.
        model = await ModelAsync(m => m.Status?.ServableVersion == _v2 && m.Status.ActiveJob is null);
        Assert.Equal((driftRun, TrainingTriggers.DriftDetected, _v2), (model.Status?.History?[0].Job, model.Status?.History?[0].Trigger, model.Status?.History?[0].Version));
        await ServedAsync(_v2);
        Assert.Equal(2, (await RunsAsync()).Count);
    }

    [Fact]
    public async Task Schedule_FiresOnTheFakeClock_AndSuspendStopsTheNextOccurrence()
    {
        await ModelVersionsForTests.PublishAsync(_store, Name, _v1, 0.3, cancellationToken: Ct);
        StartOperator();
        var model = ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "*/5 * * * *" }, name: Name);
        model.Metadata = new V1ObjectMeta { Name = Name };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, MlApi.Group, MlApi.Version, Ns, Model.Plural, cancellationToken: Ct);
        await ModelAsync(m => m.Status?.NextScheduleTime is not null);
        Assert.Empty(await RunsAsync());

        var runs = await EventuallyAsync(async () =>
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            return await RunsAsync();
        }, r => r.Count > 0);
        var scheduled = Assert.Single(runs);
        Assert.StartsWith(Name + "-sched-", scheduled.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(TrainingTriggers.Scheduled, scheduled.Metadata.Labels[StandardLabels.Trigger]);
        await FinishRunAsync(scheduled.Metadata.Name, _v2);
        await ModelAsync(m => m.Status?.ActiveJob is null && m.Status?.ServableVersion == _v2);

        await _cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync<Model>(
            new V1Patch("""{"spec":{"suspend":true}}""", V1Patch.PatchType.MergePatch), MlApi.Group, MlApi.Version, Ns, Model.Plural, Name, cancellationToken: Ct);
        await ModelAsync(m => Conditions.Find(m.Status?.Conditions, ModelConditions.Training)?.Reason == ModelReasons.Suspended);
        _time.Advance(TimeSpan.FromMinutes(11));
        model = await ModelAsync(m => m.Status?.PendingTrigger?.Reason == TrainingTriggers.Scheduled);
        Assert.Single(await RunsAsync());
        Assert.Contains("spec.suspend is true", model.Status?.PendingTrigger?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewDataBelowTheThreshold_StartsNothing_ThenDriftAndNewDataAtOnce_StartOneRunOfTheHigherPriority()
    {
        await ModelVersionsForTests.PublishAsync(_store, Name, _v1, 0.3, cancellationToken: Ct);
        StartOperator();
        var model = ModelFixtures.Model(s =>
        {
            s.Monitoring = new MonitoringSpec { Interval = "1m" };
            s.Triggers!.Drift = new DriftTrigger();
            s.Triggers.NewData = new NewDataTrigger { MinNewOrders = 1000 };
        }, name: Name);
        model.Metadata = new V1ObjectMeta { Name = Name };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, MlApi.Group, MlApi.Version, Ns, Model.Plural, cancellationToken: Ct);

        var first = await NextMonitoringJobAsync(TimeSpan.Zero, after: null);
        await _store.PublishMonitoringReportAsync(ModelFixtures.Report(_v1, _time.GetUtcNow(), orders: 999, model: Name), Ct);
        await _cluster.CompleteJobAsync(first, Ct);
        await ModelAsync(m => m.Status?.NewData?.Orders == 999);
        Assert.Empty(await RunsAsync());

        var second = await NextMonitoringJobAsync(TimeSpan.FromMinutes(1), after: first);
        await _store.PublishMonitoringReportAsync(ModelFixtures.Report(_v1, _time.GetUtcNow(), drifted: ["price"], orders: 1500, model: Name), Ct);
        await _cluster.CompleteJobAsync(second, Ct);
        var triggered = await ModelAsync(m => m.Status?.ActiveJob is not null);

        var run = Assert.Single(await RunsAsync());
        Assert.Equal(TrainingTriggers.DriftDetected, run.Metadata.Labels[StandardLabels.Trigger]);
        Assert.Equal((TrainingTriggers.DriftDetected, 90), (triggered.Status?.LastTrigger?.Reason, triggered.Status?.LastTrigger?.Priority));
    }

    /// <summary>The run's Job completes after its trainer published <paramref name="version"/>; the TrainingJob reconciler records it.</summary>
    private async Task FinishRunAsync(string run, string version)
    {
        var trainingJob = await EventuallyAsync(() => _cluster.TrainingJobAsync(run, Ct), t => t.Status?.JobName is not null);
        Assert.NotNull(trainingJob.Status?.JobName);
        await ModelVersionsForTests.PublishAsync(_store, Name, version, 0.3, trainingJob: $"{Ns}/{run}", cancellationToken: Ct);
        await _cluster.CompleteJobAsync(trainingJob.Status!.JobName!, Ct);
        await EventuallyAsync(() => _cluster.TrainingJobAsync(run, Ct), t => t.Status?.ModelVersion == version);
    }

    /// <summary>Moves the Model's clock on until it starts a monitoring Job other than <paramref name="after"/>.</summary>
    private async Task<string> NextMonitoringJobAsync(TimeSpan advance, string? after)
    {
        _time.Advance(advance);
        var job = await EventuallyAsync(async () =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return (await _cluster.JobsAsync(Ct)).Where(MonitoringJobBuilder.IsMonitoringJob).Select(j => j.Metadata.Name).LastOrDefault(n => n != after);
        }, n => n is not null);
        Assert.NotNull(job);
        return job;
    }

    private async Task ServedAsync(string version)
    {
        var deployment = await EventuallyAsync(() => _cluster.DeploymentAsync(Name + "-predictor", Ct), d => d is not null && PredictorHealth.VersionOf(d) == version);
        Assert.Equal(version, PredictorHealth.VersionOf(deployment!));
        await _cluster.MarkRolledOutAsync(deployment!.Metadata.Name, Ct);
        var md = await EventuallyAsync(() => _cluster.ModelDeploymentAsync(Name, Ct), m => m.Status?.CurrentVersion == version);
        Assert.Equal(version, md.Status?.CurrentVersion);
    }

    private async Task<IList<TrainingJob>> RunsAsync() =>
        (await _cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync<EcommerceMl.Operator.Runtime.ObjectList<TrainingJob>>(
            MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, labelSelector: $"{StandardLabels.ModelResource}={Name}", cancellationToken: Ct)).Items;

    private async Task<Model> ModelAsync(Func<Model, bool> done)
    {
        var model = await EventuallyAsync(() => _cluster.ModelAsync(Name, Ct), done);
        Assert.True(done(model), $"the Model never got there; its status: {KubernetesJson.Serialize(model.Status)}");
        return model;
    }

    private Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) => ClusterClient.EventuallyAsync(read, done, Ct);

    private static string VersionMadeAt(DateTimeOffset at, string suffix) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{suffix}");
}
