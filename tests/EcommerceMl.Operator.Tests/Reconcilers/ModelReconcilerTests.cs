using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Models;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>The Model reconciler against the in-memory cluster, with runs and monitoring Jobs played by hand (<see cref="ModelWorld"/>).</summary>
public sealed class ModelReconcilerTests : IDisposable
{
    private const string V1 = "20261110T120000Z-aaaaaa";
    private const string V2 = "20261110T130000Z-bbbbbb";
    private readonly ModelWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static Model Monitored(Action<ModelSpec>? configure = null) => ModelFixtures.Model(s =>
    {
        s.Monitoring = new MonitoringSpec { Interval = "1m", Window = "7d" };
        s.Triggers!.Drift = new DriftTrigger { Threshold = 0.1, MinSamples = 1000 };
        configure?.Invoke(s);
    });

    [Fact]
    public async Task Reconcile_WithoutServableVersion_StartsTheInitialRun_OwnedLabelledAndFromTheTemplate()
    {
        await _world.ApplyAsync(ModelFixtures.Model(s => s.Gate = new GateSpec { Metric = "ndcg_at_10", Minimum = 0.05 }));

        var model = await _world.ReconcileAsync();

        var run = Assert.Single(await _world.RunsAsync());
        Assert.Equal("shop-recs-initial", run.Metadata.Name);
        Assert.True(OwnerReferences.IsControlledBy(run, model));
        Assert.Equal(TrainingTriggers.Initial, run.Metadata.Labels[StandardLabels.Trigger]);
        Assert.Equal(ModelFixtures.Name, run.Spec.Model);
        Assert.Equal(ModelTask.Recommendation, run.Spec.Task);
        Assert.Equal(AlgorithmCatalogue.ItemCosine, run.Spec.Algorithm);
        Assert.Equal(0.05, run.Spec.Evaluation?.Gate?.Minimum);
        Assert.Equal("shop-recs-initial", model.Status?.ActiveJob);
        Assert.Equal(TrainingTriggers.Initial, model.Status?.LastTrigger?.Reason);
        Assert.Equal(100, model.Status?.LastTrigger?.Priority);
        Assert.Equal(TrainingTriggers.Initial, Conditions.Find(model.Status?.Conditions, ModelConditions.Training)?.Reason);
        Assert.Equal(ConditionStatus.False, Conditions.Find(model.Status?.Conditions, ModelConditions.Ready)?.Status);
        Assert.Contains(_world.Events, e => e.Reason == "TrainingTriggered" && e.Message.Contains("Initial (priority 100)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_WhenTheInitialRunPublishesAServableVersion_ReportsItTrainedAndReady()
    {
        await _world.ApplyAsync(ModelFixtures.Model());
        await _world.ReconcileAsync();

        await _world.FinishRunAsync("shop-recs-initial", V1);
        var model = await _world.ReconcileAsync();

        Assert.Equal(V1, model.Status?.ServableVersion);
        Assert.Equal(V1, model.Status?.LatestVersion);
        Assert.Null(model.Status?.ActiveJob);
        Assert.True(Conditions.IsTrue(model.Status?.Conditions, ModelConditions.Trained));
        Assert.True(Conditions.IsTrue(model.Status?.Conditions, ModelConditions.Ready));
        var record = Assert.Single(model.Status!.History!);
        Assert.Equal((TrainingTriggers.Initial, V1, true), (record.Trigger, record.Version, record.Servable));
        Assert.Contains(_world.Events, e => e.Reason == ModelReasons.NewServableVersion && e.Message.Contains(V1, StringComparison.Ordinal));
        Assert.Single(await _world.RunsAsync());
    }

    [Fact]
    public async Task Reconcile_Monitored_StartsAMonitoringJobOfTheServableVersion_WithTheTrainersPodAndTheMonitorsVariables()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(Monitored());

        await _world.ReconcileAsync();

        var job = Assert.Single(await _world.MonitoringJobsAsync());
        Assert.Equal("shop-recs-mon-20261110120000", job.Metadata.Name);
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal([MonitorArguments.Command], container.Args);
        Assert.Equal(TestResources.Settings.TrainerImage, container.Image);
        var env = container.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(ModelFixtures.Name, env[MonitorArguments.Model.Variable]);
        Assert.Equal(V1, env[MonitorArguments.Version.Variable]);
        Assert.Equal("7", env[MonitorArguments.WindowDays.Variable]);
        Assert.Equal("0.1", env[MonitorArguments.Threshold.Variable]);
        Assert.Equal("1000", env[MonitorArguments.MinSamples.Variable]);
        Assert.Equal(TrainerVariables.SyntheticData, env[MonitorArguments.Data.Variable]);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(job.Spec.Template.Spec.AutomountServiceAccountToken);
    }

    [Fact]
    public async Task Reconcile_OneMonitoringJobPerInterval_NeverBesideARunningOne()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(Monitored());
        await _world.ReconcileAsync();

        _world.Time.Advance(TimeSpan.FromMinutes(1));
        await _world.ReconcileAsync();
        Assert.Single(await _world.MonitoringJobsAsync());

        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow()));
        await _world.ReconcileAsync();
        Assert.Equal(["shop-recs-mon-20261110120000", "shop-recs-mon-20261110120100"], (await _world.MonitoringJobsAsync()).Select(j => j.Metadata.Name));
    }

    [Fact]
    public async Task Reconcile_WhenTheReportFindsDrift_NamesTheFeatures_AndStartsOneDriftRun_ThenServesItsVersion()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(Monitored());
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), drifted: ["category", "price"]));

        var model = await _world.ReconcileAsync();

        var drift = Conditions.Find(model.Status?.Conditions, ModelConditions.DriftDetected);
        Assert.Equal(ConditionStatus.True, drift?.Status);
        Assert.Contains("category, price", drift?.Message, StringComparison.Ordinal);
        Assert.Equal(["category", "price"], model.Status?.Drift?.DriftedFeatures);
        Assert.Equal("Detected (2/4)", model.Status?.Drift?.Summary);
        Assert.Equal(5000, model.Status?.Drift?.Features?[0].ReferenceCount);
        var run = Assert.Single(await _world.RunsAsync());
        Assert.Equal("shop-recs-drift-20261110120000", run.Metadata.Name);
        Assert.Equal(TrainingTriggers.DriftDetected, run.Metadata.Labels[StandardLabels.Trigger]);
        Assert.Contains(_world.Events, e => e.Type == "Warning" && e.Reason == ModelConditions.DriftDetected);

        // A restarted operator over the same cluster finds the run instead of starting another.
        _world.Reconciler = _world.NewReconciler();
        await _world.ReconcileAsync();
        Assert.Single(await _world.RunsAsync());

        _world.Time.Advance(TimeSpan.FromMinutes(10));
        await _world.FinishRunAsync(run.Metadata.Name, V2);
        model = await _world.ReconcileAsync();
        Assert.Equal(V2, model.Status?.ServableVersion);
        Assert.Equal(TrainingTriggers.DriftDetected, model.Status?.History?[0].Trigger);
        // The drift was of V1; V2 has no report yet.
        Assert.Equal(ConditionStatus.Unknown, Conditions.Find(model.Status?.Conditions, ModelConditions.DriftDetected)?.Status);
    }

    [Fact]
    public async Task Reconcile_WhenAModelDeploymentRolledTheServableVersionBack_MonitorsTheVersionItServes_AndItsDriftRetrains()
    {
        // make run's churn loop: V2 is servable but its ModelDeployment rolled it back, so V1 answers every request.
        await _world.PublishAsync(V1);
        await _world.PublishAsync(V2);
        var rolledBack = MonitoredVersionTests.Serving(V1, rolledBack: V2, name: ModelFixtures.Name, model: ModelFixtures.Name);
        rolledBack.Metadata.NamespaceProperty = ModelWorld.Ns;
        var status = rolledBack.Status;
        var md = await _world.Cluster.CreateAsync(rolledBack, TestContext.Current.CancellationToken);
        md.Status = status;
        await _world.Cluster.ReplaceStatusAsync(md, TestContext.Current.CancellationToken);
        await _world.ApplyAsync(Monitored());

        var model = await _world.ReconcileAsync();

        Assert.Equal(V2, model.Status?.ServableVersion);
        var job = Assert.Single(await _world.MonitoringJobsAsync());
        Assert.Equal(V1, job.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == MonitorArguments.Version.Variable).Value);
        Assert.Equal(V1, model.Status?.Monitoring?.Version);

        await _world.FinishMonitoringAsync(job.Metadata.Name, ModelFixtures.Report(V1, _world.Time.GetUtcNow(), drifted: ["price"]));
        model = await _world.ReconcileAsync();

        Assert.Equal(V1, model.Status?.Drift?.Version);
        Assert.Equal("shop-recs-drift-20261110120000", Assert.Single(await _world.RunsAsync()).Metadata.Name);
    }

    [Fact]
    public async Task Reconcile_WhenTheCandidateLosesToTheChampion_KeepsTheServableVersion_AndSaysWhy()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(Monitored());
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), drifted: ["price"]));
        await _world.ReconcileAsync();

        await _world.FinishRunAsync("shop-recs-drift-20261110120000", V2, ndcg: 0.2, lostToChampion: true);
        var model = await _world.ReconcileAsync();

        Assert.Equal(V1, model.Status?.ServableVersion);
        Assert.Equal(V2, model.Status?.LatestVersion);
        var record = model.Status!.History![0];
        Assert.False(record.Servable);
        Assert.False(record.Champion?.Passed);
        Assert.Contains("lost to the champion", record.Message, StringComparison.Ordinal);
        Assert.Contains(_world.Events, e => e.Type == "Warning" && e.Reason == ModelReasons.CandidateRejected && e.Message.Contains("unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_WhenTheScheduleComesDueOnTheClock_StartsAScheduledRun()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "30 12 * * *", TimeZone = "UTC" }));

        var model = await _world.ReconcileAsync();
        Assert.Empty(await _world.RunsAsync());
        Assert.Equal(new DateTime(2026, 11, 10, 12, 30, 0, DateTimeKind.Utc), model.Status?.NextScheduleTime);
        Assert.Equal(TimeSpan.FromSeconds(60), _world.LastResult?.RequeueAfter);

        _world.Time.Advance(TimeSpan.FromMinutes(30));
        model = await _world.ReconcileAsync();

        var run = Assert.Single(await _world.RunsAsync());
        Assert.Equal("shop-recs-sched-202611101230", run.Metadata.Name);
        Assert.Equal(new DateTime(2026, 11, 10, 12, 30, 0, DateTimeKind.Utc), model.Status?.LastScheduleTime);
        Assert.Equal(new DateTime(2026, 11, 11, 12, 30, 0, DateTimeKind.Utc), model.Status?.NextScheduleTime);
    }

    [Fact]
    public async Task Reconcile_WhenNewDataPassesTheThreshold_StartsANewDataRun()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(Monitored(s => s.Triggers!.NewData = new NewDataTrigger { MinNewOrders = 1000 }));
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), orders: 999));
        await _world.ReconcileAsync();
        Assert.Empty(await _world.RunsAsync());

        _world.Time.Advance(TimeSpan.FromMinutes(1));
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120100", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), orders: 1200));
        var model = await _world.ReconcileAsync();

        var run = Assert.Single(await _world.RunsAsync());
        Assert.Equal(TrainingTriggers.NewData, run.Metadata.Labels[StandardLabels.Trigger]);
        Assert.Equal(1200, model.Status?.NewData?.Orders);
    }

    [Fact]
    public async Task Reconcile_WithTwoTriggersAtOnce_StartsOneRunWithTheHigherPriority()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(Monitored(s => s.Triggers!.NewData = new NewDataTrigger { MinNewOrders = 10 }));
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), drifted: ["price"], orders: 500));

        await _world.ReconcileAsync();
        await _world.ReconcileAsync();

        var run = Assert.Single(await _world.RunsAsync());
        Assert.Equal(TrainingTriggers.DriftDetected, run.Metadata.Labels[StandardLabels.Trigger]);
        Assert.Contains(_world.Events, e => e.Reason == "TrainingTriggered" && e.Message.Contains("Also due, satisfied by this run: NewData", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_WhenSuspended_StartsNeitherRunsNorMonitoring()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(Monitored(s =>
        {
            s.Suspend = true;
            s.Triggers!.MaxAge = "1h";
        }));
        _world.Time.Advance(TimeSpan.FromHours(2));

        var model = await _world.ReconcileAsync();

        Assert.Empty(await _world.RunsAsync());
        Assert.Empty(await _world.MonitoringJobsAsync());
        Assert.Equal(ModelReasons.Suspended, Conditions.Find(model.Status?.Conditions, ModelConditions.Training)?.Reason);
        Assert.Equal(TrainingTriggers.MaxAge, model.Status?.PendingTrigger?.Reason);
    }

    [Fact]
    public async Task Reconcile_WithForbid_LetsTheActiveRunFinishBeforeTheNext()
    {
        await _world.ApplyAsync(Monitored(s => s.Triggers!.MaxAge = "1m"));
        await _world.ReconcileAsync();
        await _world.FinishRunAsync("shop-recs-initial", V1);
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow()));
        _world.Time.Advance(TimeSpan.FromHours(2));
        await _world.ReconcileAsync();
        var maxAge = Assert.Single(await _world.RunsAsync(), r => r.Metadata.Name.Contains("maxage", StringComparison.Ordinal));

        await _world.FinishMonitoringAsync("shop-recs-mon-20261110140000", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), drifted: ["price"]));
        var model = await _world.ReconcileAsync();

        Assert.Equal(2, (await _world.RunsAsync()).Count);
        Assert.Equal(maxAge.Metadata.Name, model.Status?.ActiveJob);
        Assert.Equal(TrainingTriggers.DriftDetected, model.Status?.PendingTrigger?.Reason);
        Assert.Contains("concurrencyPolicy Forbid", model.Status?.PendingTrigger?.Message, StringComparison.Ordinal);
        Assert.Contains(_world.Events, e => e.Reason == ModelReasons.TriggerWaiting);
    }

    [Fact]
    public async Task Reconcile_WithReplace_DeletesTheActiveRunForAHigherPriority()
    {
        await _world.ApplyAsync(Monitored(s =>
        {
            s.Triggers!.MaxAge = "1m";
            s.ConcurrencyPolicy = ModelSpec.Replace;
        }));
        await _world.ReconcileAsync();
        await _world.FinishRunAsync("shop-recs-initial", V1);
        await _world.ReconcileAsync();
        await _world.FinishMonitoringAsync("shop-recs-mon-20261110120000", ModelFixtures.Report(V1, _world.Time.GetUtcNow()));
        _world.Time.Advance(TimeSpan.FromHours(2));
        await _world.ReconcileAsync();

        await _world.FinishMonitoringAsync("shop-recs-mon-20261110140000", ModelFixtures.Report(V1, _world.Time.GetUtcNow(), drifted: ["price"]));
        var model = await _world.ReconcileAsync();

        var runs = (await _world.RunsAsync()).Select(r => r.Metadata.Name).ToList();
        Assert.DoesNotContain(runs, r => r.Contains("maxage", StringComparison.Ordinal));
        Assert.Contains("shop-recs-drift-20261110140000", runs);
        Assert.Equal("shop-recs-drift-20261110140000", model.Status?.ActiveJob);
        Assert.Contains(_world.Events, e => e.Reason == ModelReasons.RunReplaced);
    }

    [Fact]
    public async Task Reconcile_PrunesFinishedRunsBeyondTheHistoryLimits_ButNeverTheServableVersionsRun()
    {
        await _world.ApplyAsync(ModelFixtures.Model(s =>
        {
            s.Triggers!.MaxAge = "1h";
            s.SuccessfulJobsHistoryLimit = 1;
        }));
        await _world.ReconcileAsync();
        await _world.FinishRunAsync("shop-recs-initial", V1);
        await _world.ReconcileAsync();
        _world.Time.Advance(TimeSpan.FromHours(2));
        await _world.ReconcileAsync();
        await _world.FinishRunAsync("shop-recs-maxage-20261110t120000z-aaaaaa", "20261110T140000Z-bbbbbb");

        var model = await _world.ReconcileAsync();

        Assert.Equal(["shop-recs-maxage-20261110t120000z-aaaaaa"], (await _world.RunsAsync()).Select(r => r.Metadata.Name));
        Assert.Equal(2, model.Status?.History?.Count);
        // The pruned initial run has fired: it is not started again.
        await _world.ReconcileAsync();
        Assert.Single(await _world.RunsAsync());
    }

    [Fact]
    public async Task Reconcile_WithRetention_DeletesOldVersionsNothingUses_ButKeepsOneAModelDeploymentServes()
    {
        string[] versions = ["20261101T120000Z-aaaaaa", "20261102T120000Z-bbbbbb", "20261103T120000Z-cccccc", "20261104T120000Z-dddddd"];
        foreach (var version in versions)
        {
            await _world.PublishAsync(version);
        }

        await _world.Cluster.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = "pinned", NamespaceProperty = "elsewhere" },
            Spec = new ModelDeploymentSpec { Model = ModelFixtures.Name, Version = versions[1] },
            Status = new ModelDeploymentStatus { CurrentVersion = versions[1] },
        }, TestContext.Current.CancellationToken);
        await _world.ApplyAsync(ModelFixtures.Model(s => s.Retention = new RetentionSpec { KeepLast = 1 }));

        await _world.ReconcileAsync();

        var left = await _world.Store.ListVersionIdsAsync(ModelFixtures.Name, TestContext.Current.CancellationToken);
        Assert.Equal([versions[1], versions[3]], left);
        Assert.Contains(_world.Events, e => e.Reason == ModelReasons.VersionsDeleted
            && e.Message.Contains(versions[0], StringComparison.Ordinal) && e.Message.Contains(versions[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_WhenTheInitialRunFails_DoesNotStartItAgain_AndSaysSo()
    {
        await _world.ApplyAsync(ModelFixtures.Model(s => s.FailedJobsHistoryLimit = 0));
        await _world.ReconcileAsync();
        await _world.FailRunAsync("shop-recs-initial");

        var model = await _world.ReconcileAsync();
        await _world.ReconcileAsync();

        Assert.Empty(await _world.RunsAsync());
        Assert.Contains("shop-recs-initial failed", Conditions.Find(model.Status?.Conditions, ModelConditions.Trained)?.Message, StringComparison.Ordinal);
        Assert.Contains(_world.Events, e => e.Type == "Warning" && e.Reason == ModelReasons.TrainingFailed);
    }

    [Fact]
    public async Task Reconcile_WithAnInvalidSchedule_IsNotReady_AndStartsNothing()
    {
        await _world.ApplyAsync(ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "0 2 * * *", TimeZone = "Mars/Olympus_Mons" }));

        var model = await _world.ReconcileAsync();

        Assert.Empty(await _world.RunsAsync());
        var ready = Conditions.Find(model.Status?.Conditions, ModelConditions.Ready);
        Assert.Equal((ConditionStatus.False, ModelReasons.InvalidSpec), (ready?.Status, ready?.Reason));
        Assert.Contains("Mars/Olympus_Mons", ready?.Message, StringComparison.Ordinal);
        Assert.Contains(_world.Events, e => e.Type == "Warning" && e.Reason == ModelReasons.InvalidSpec);
    }

    [Fact]
    public async Task Reconcile_WhenARunOfTheNameBelongsToSomethingElse_ReportsItAndLeavesItAlone()
    {
        var foreign = TestResources.TrainingJob("shop-recs-initial");
        foreign.Metadata.Uid = null;
        await _world.Cluster.CreateAsync(foreign, TestContext.Current.CancellationToken);
        await _world.ApplyAsync(ModelFixtures.Model());

        var model = await _world.ReconcileAsync();

        Assert.Equal(ModelReasons.NameTaken, Conditions.Find(model.Status?.Conditions, ModelConditions.Ready)?.Reason);
        Assert.Null(model.Status?.ActiveJob);
    }

    [Fact]
    public async Task Reconcile_Twice_WritesTheStatusAndItsEventsOnce()
    {
        await _world.PublishAsync(V1);
        await _world.ApplyAsync(ModelFixtures.Model());
        await _world.ReconcileAsync();
        var writes = _world.Cluster.Writes;
        var events = _world.Cluster.Events.Count;

        await _world.ReconcileAsync();

        Assert.Equal(writes, _world.Cluster.Writes);
        Assert.Equal(events, _world.Cluster.Events.Count);
    }
}
