using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Models;

public sealed class TriggerPlannerTests
{
    private const string Servable = "20261101T000000Z-aaaaaa";
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    private static TriggerPlan Plan(Model model, ModelManifest? servable = null, Contracts.Monitoring.MonitoringReport? report = null, DateTimeOffset? now = null, params string[] existing) =>
        TriggerPlanner.Plan(new TriggerInputs(model, servable, report, now ?? Now) { ExistingRuns = existing.ToHashSet(StringComparer.Ordinal) });

    [Fact]
    public void Plan_WithoutServableVersion_StartsTheInitialRun()
    {
        var plan = Plan(ModelFixtures.Model());

        var run = Assert.IsType<DueTrigger>(plan.Run);
        Assert.Equal(TrainingTriggers.Initial, run.Reason);
        Assert.Equal(100, run.Priority);
        Assert.Equal("shop-recs-initial", run.JobName);
        Assert.Contains("no servable version", run.Why, StringComparison.Ordinal);
        Assert.Null(plan.Waiting);
    }

    [Fact]
    public void Plan_WhenTheInitialRunExists_DoesNotStartAnother()
    {
        var plan = Plan(ModelFixtures.Model(), existing: "shop-recs-initial");

        Assert.Empty(plan.Due);
        Assert.Null(plan.Run);
    }

    [Fact]
    public void Plan_WithInitialOff_AndNoServableVersion_StartsNothing()
    {
        var plan = Plan(ModelFixtures.Model(s => s.Triggers!.Initial = false));

        Assert.Null(plan.Run);
    }

    [Fact]
    public void Plan_WithServableVersionAndNoTriggers_StartsNothing()
    {
        var plan = Plan(ModelFixtures.Model(), ModelFixtures.Manifest(Servable));

        Assert.Empty(plan.Due);
        Assert.Null(plan.NextCheck);
    }

    [Fact]
    public void Plan_WhenTheScheduleCameDue_StartsAScheduledRunNamedAfterTheOccurrence()
    {
        var model = ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "0 2 * * *", TimeZone = "Europe/London" });

        var plan = Plan(model, ModelFixtures.Manifest(Servable));

        var run = Assert.IsType<DueTrigger>(plan.Run);
        Assert.Equal(TrainingTriggers.Scheduled, run.Reason);
        Assert.Equal("shop-recs-sched-202611100200", run.JobName);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero), plan.ScheduleOccurrence);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 2, 0, 0, TimeSpan.Zero), plan.NextScheduleTime);
        Assert.Equal(plan.NextScheduleTime, plan.NextCheck);
    }

    [Fact]
    public void Plan_ReadsTheScheduleInItsTimeZone()
    {
        // 02:00 in New York in November (EST, UTC-5) is 07:00 UTC.
        var model = ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "0 2 * * *", TimeZone = "America/New_York" });
        model.Status = new ModelResourceStatus { LastScheduleTime = new DateTime(2026, 11, 9, 7, 0, 0, DateTimeKind.Utc) };

        var plan = Plan(model, ModelFixtures.Manifest(Servable));

        Assert.Equal(new DateTimeOffset(2026, 11, 10, 7, 0, 0, TimeSpan.Zero), plan.ScheduleOccurrence);
        Assert.Equal("shop-recs-sched-202611100700", plan.Run!.JobName);
    }

    [Fact]
    public void Plan_WhenTheLastOccurrenceWasActedOn_WaitsForTheNext()
    {
        var model = ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "0 2 * * *" });
        model.Status = new ModelResourceStatus { LastScheduleTime = new DateTime(2026, 11, 10, 2, 0, 0, DateTimeKind.Utc) };

        var plan = Plan(model, ModelFixtures.Manifest(Servable));

        Assert.Null(plan.Run);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 2, 0, 0, TimeSpan.Zero), plan.NextCheck);
    }

    [Fact]
    public void Plan_DoesNotCountOccurrencesBeforeTheModelExisted()
    {
        var model = ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "0 2 * * *" });
        model.Metadata.CreationTimestamp = new DateTime(2026, 11, 10, 3, 0, 0, DateTimeKind.Utc);

        var plan = Plan(model, ModelFixtures.Manifest(Servable));

        Assert.Null(plan.Run);
    }

    [Fact]
    public void Plan_WhenTheServableVersionIsOlderThanMaxAge_StartsAMaxAgeRunKeyedByTheVersion()
    {
        var plan = Plan(ModelFixtures.Model(s => s.Triggers!.MaxAge = "7d"), ModelFixtures.Manifest(Servable));

        var run = Assert.IsType<DueTrigger>(plan.Run);
        Assert.Equal(TrainingTriggers.MaxAge, run.Reason);
        Assert.Equal("shop-recs-maxage-20261101t000000z-aaaaaa", run.JobName);
        Assert.Contains("more than 7d ago", run.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenTheServableVersionIsYoungerThanMaxAge_LooksAgainWhenItAges()
    {
        var plan = Plan(ModelFixtures.Model(s => s.Triggers!.MaxAge = "14d"), ModelFixtures.Manifest(Servable));

        Assert.Null(plan.Run);
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero), plan.NextCheck);
    }

    [Fact]
    public void Plan_WhenTheReportFindsDrift_StartsADriftRunNamingTheFeatures()
    {
        var model = Monitored(s => s.Triggers!.Drift = new DriftTrigger { Threshold = 0.1 });
        var report = ModelFixtures.Report(Servable, Now.AddMinutes(-5), drifted: ["category", "price"]);

        var plan = Plan(model, ModelFixtures.Manifest(Servable), report);

        var run = Assert.IsType<DueTrigger>(plan.Run);
        Assert.Equal(TrainingTriggers.DriftDetected, run.Reason);
        Assert.Equal(90, run.Priority);
        Assert.Equal("shop-recs-drift-20261110115500", run.JobName);
        Assert.Contains("category, price", run.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenOnlyThePredictionsDrift_StartsADriftRun()
    {
        var model = Monitored(s => s.Triggers!.Drift = new DriftTrigger());

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, predictionDrift: true));

        Assert.Equal(TrainingTriggers.DriftDetected, plan.Run?.Reason);
        Assert.Contains("prediction drift", plan.Run!.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenTheReportFindsNoDrift_StartsNothing()
    {
        var model = Monitored(s => s.Triggers!.Drift = new DriftTrigger());

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now));

        Assert.Null(plan.Run);
    }

    [Fact]
    public void Plan_WithoutTheDriftTrigger_IgnoresDriftInTheReport()
    {
        var plan = Plan(Monitored(), ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, drifted: ["price"]));

        Assert.Null(plan.Run);
    }

    [Fact]
    public void Plan_IgnoresAReportOfAnotherVersion()
    {
        var model = Monitored(s => s.Triggers!.Drift = new DriftTrigger());

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report("20261020T000000Z-bbbbbb", Now, drifted: ["price"]));

        Assert.Null(plan.Run);
    }

    [Fact]
    public void Plan_WhenPerformanceDegraded_StartsAPerformanceRun()
    {
        var model = Monitored(s => s.Triggers!.Performance = new PerformanceTrigger { MaxRelativeDrop = 0.15 });

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, degraded: true));

        Assert.Equal(TrainingTriggers.PerformanceDegraded, plan.Run?.Reason);
        Assert.Equal("shop-recs-perf-20261110120000", plan.Run!.JobName);
        Assert.Contains("ndcg_at_10 = 0.1", plan.Run.Why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4999, 0, false)]
    [InlineData(5000, 0, true)]
    [InlineData(0, 100_000, true)]
    public void Plan_NewData_FiresAtEitherThreshold(long orders, long events, bool fires)
    {
        var model = Monitored(s => s.Triggers!.NewData = new NewDataTrigger { MinNewOrders = 5000, MinNewEvents = 100_000 });

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, orders: orders, events: events));

        Assert.Equal(fires ? TrainingTriggers.NewData : null, plan.Run?.Reason);
        if (fires)
        {
            Assert.Equal("shop-recs-newdata-20261101t000000z-aaaaaa", plan.Run!.JobName);
        }
    }

    [Fact]
    public void Plan_WithSeveralTriggersDue_StartsOneRunWithTheHighestPriority()
    {
        var model = Monitored(s =>
        {
            s.Triggers!.Drift = new DriftTrigger();
            s.Triggers.NewData = new NewDataTrigger { MinNewOrders = 10 };
            s.Triggers.MaxAge = "1d";
            s.Triggers.Schedule = new ScheduleTrigger { Cron = "0 * * * *" };
        });

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, drifted: ["price"], orders: 50));

        Assert.Equal(
            [TrainingTriggers.DriftDetected, TrainingTriggers.Scheduled, TrainingTriggers.MaxAge, TrainingTriggers.NewData],
            plan.Due.Select(t => t.Reason));
        Assert.Equal(TrainingTriggers.DriftDetected, plan.Run?.Reason);
        // The scheduled occurrence is satisfied by the run that starts, whatever its reason.
        Assert.Equal(Now, plan.ScheduleOccurrence);
    }

    [Fact]
    public void Plan_WhileARunIsActive_WithForbid_Waits()
    {
        var model = Monitored(s => s.Triggers!.Drift = new DriftTrigger());
        model.Status = new ModelResourceStatus { ActiveJob = "shop-recs-newdata-x", LastTrigger = new TriggerRecord { Reason = TrainingTriggers.NewData, Job = "shop-recs-newdata-x" } };

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, drifted: ["price"]), existing: "shop-recs-newdata-x");

        Assert.Null(plan.Run);
        Assert.Equal(TrainingTriggers.DriftDetected, Assert.Single(plan.Due).Reason);
        Assert.Contains("shop-recs-newdata-x is running (concurrencyPolicy Forbid)", plan.Waiting, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhileARunIsActive_WithReplace_ReplacesItForAHigherPriority()
    {
        var model = Monitored(s =>
        {
            s.Triggers!.Drift = new DriftTrigger();
            s.ConcurrencyPolicy = ModelSpec.Replace;
        });
        model.Status = new ModelResourceStatus { ActiveJob = "shop-recs-newdata-x", LastTrigger = new TriggerRecord { Reason = TrainingTriggers.NewData, Job = "shop-recs-newdata-x" } };

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, drifted: ["price"]), existing: "shop-recs-newdata-x");

        Assert.Equal(TrainingTriggers.DriftDetected, plan.Run?.Reason);
        Assert.Equal("shop-recs-newdata-x", plan.Replaces);
    }

    [Fact]
    public void Plan_WhileARunIsActive_WithReplace_WaitsForTheSameOrLowerPriority()
    {
        var model = Monitored(s =>
        {
            s.Triggers!.Drift = new DriftTrigger();
            s.ConcurrencyPolicy = ModelSpec.Replace;
        });
        model.Status = new ModelResourceStatus { ActiveJob = "shop-recs-drift-1", LastTrigger = new TriggerRecord { Reason = TrainingTriggers.DriftDetected, Job = "shop-recs-drift-1" } };

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, drifted: ["price"]), existing: "shop-recs-drift-1");

        Assert.Null(plan.Run);
        Assert.Null(plan.Replaces);
        Assert.Contains("Replace", plan.Waiting, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_DuringTheCoolDown_WaitsUntilItEnds()
    {
        var model = Monitored(s =>
        {
            s.Triggers!.Drift = new DriftTrigger();
            s.CoolDown = "1h";
        });
        model.Status = new ModelResourceStatus { History = [new TrainingRecord { Job = "shop-recs-initial", CompletionTime = Now.UtcDateTime.AddMinutes(-20) }] };

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, drifted: ["price"]));

        Assert.Null(plan.Run);
        Assert.Contains("cool-down after the last run lasts until 2026-11-10T12:40:00Z", plan.Waiting, StringComparison.Ordinal);
        Assert.Equal(Now.AddMinutes(40), plan.NextCheck);
    }

    [Fact]
    public void Plan_AfterTheCoolDown_Starts()
    {
        var model = Monitored(s =>
        {
            s.Triggers!.Drift = new DriftTrigger();
            s.CoolDown = "1h";
        });
        model.Status = new ModelResourceStatus { History = [new TrainingRecord { Job = "shop-recs-initial", CompletionTime = Now.UtcDateTime.AddHours(-1) }] };

        var plan = Plan(model, ModelFixtures.Manifest(Servable), ModelFixtures.Report(Servable, Now, drifted: ["price"]));

        Assert.Equal(TrainingTriggers.DriftDetected, plan.Run?.Reason);
    }

    [Fact]
    public void Plan_TheInitialRun_IgnoresTheCoolDown()
    {
        var model = ModelFixtures.Model(s => s.CoolDown = "1d");
        model.Status = new ModelResourceStatus { History = [new TrainingRecord { Job = "old", CompletionTime = Now.UtcDateTime.AddMinutes(-1) }] };

        Assert.Equal(TrainingTriggers.Initial, Plan(model).Run?.Reason);
    }

    [Fact]
    public void Plan_WhenSuspended_ListsWhatIsDueButStartsNothing()
    {
        var plan = Plan(ModelFixtures.Model(s => s.Suspend = true));

        Assert.Equal(TrainingTriggers.Initial, Assert.Single(plan.Due).Reason);
        Assert.Null(plan.Run);
        Assert.Equal("spec.suspend is true", plan.Waiting);
    }

    [Theory]
    [InlineData("0 2 31 2 *", null, "spec.triggers.schedule.cron")]
    [InlineData("0 25 * * *", null, "spec.triggers.schedule.cron")]
    [InlineData("0 2 * * 8", null, "spec.triggers.schedule.cron")]
    [InlineData("0 2 * * *", "Mars/Olympus_Mons", "spec.triggers.schedule.timeZone")]
    public void Plan_WithAnInvalidSchedule_ReportsTheProblemAndPlansNothing(string cron, string? zone, string field)
    {
        var plan = Plan(ModelFixtures.Model(s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = cron, TimeZone = zone }));

        Assert.StartsWith(field, Assert.Single(plan.Problems), StringComparison.Ordinal);
        Assert.Null(plan.Run);
        Assert.Empty(plan.Due);
    }

    [Fact]
    public void Plan_WithAMonitoringIntervalBelowTheMinimum_ReportsIt()
    {
        var plan = Plan(ModelFixtures.Model(s => s.Monitoring = new MonitoringSpec { Interval = "5s" }));

        Assert.Contains("spec.monitoring.interval '5s' is shorter than the minimum 10s", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithoutAListOfRuns_TakesThoseTheStatusKnows()
    {
        var model = ModelFixtures.Model();
        model.Status = new ModelResourceStatus { History = [new TrainingRecord { Job = "shop-recs-initial", Phase = TrainingJobPhases.Failed }] };

        var plan = TriggerPlanner.Plan(new TriggerInputs(model, null, null, Now));

        Assert.Null(plan.Run);
    }

    private static Model Monitored(Action<ModelSpec>? configure = null) => ModelFixtures.Model(s =>
    {
        s.Monitoring = new MonitoringSpec { Interval = "1h", Window = "7d" };
        configure?.Invoke(s);
    });
}
