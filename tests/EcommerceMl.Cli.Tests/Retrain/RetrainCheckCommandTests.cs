using System.Text.Json.Nodes;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Cli.Tests.Retrain;

/// <summary>`ecml retrain check` over a state file holding Models, as `ecml up` saves it, and a folder store.</summary>
public sealed class RetrainCheckCommandTests : IDisposable
{
    private const string Servable = "20261201T020000Z-00000b";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CheckedAt = new(2026, 12, 6, 2, 30, 0, TimeSpan.Zero);

    private readonly StoreFixture _store = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _store.Dispose();

    private string State => _store.Folder;

    private static Model Model(string name = "recs", Action<ModelSpec>? configure = null)
    {
        var model = new Model
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", CreationTimestamp = Now.UtcDateTime.AddDays(-1) },
            Spec = new ModelSpec
            {
                Task = ModelTask.Recommendation,
                Training = new ModelTrainingSpec { DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } },
                Triggers = new ModelTriggers
                {
                    Schedule = new ScheduleTrigger { Cron = "0 2 * * 3", TimeZone = "Europe/London" },
                    MaxAge = "14d",
                    NewData = new NewDataTrigger { MinNewOrders = 500 },
                    Drift = new DriftTrigger { Threshold = 0.1 },
                    Performance = new PerformanceTrigger { MaxRelativeDrop = 0.15 },
                },
                Monitoring = new MonitoringSpec { Interval = "1h", Window = "7d" },
            },
        };
        configure?.Invoke(model.Spec);
        return model;
    }

    private Task WriteStateAsync(IEnumerable<Model> models, params string[] trainingJobs) => WriteStateAsync(models, [], trainingJobs);

    private async Task WriteStateAsync(IEnumerable<Model> models, IEnumerable<ModelDeployment> deployments, params string[] trainingJobs)
    {
        var snapshot = new JsonObject
        {
            ["savedAt"] = Now.ToString("O"),
            ["running"] = false,
            [Operator.Resources.V1Alpha1.Model.Plural] = new JsonArray([.. models.Select(m => JsonNode.Parse(KubernetesJson.Serialize(m)))]),
            [ModelDeployment.Plural] = new JsonArray([.. deployments.Select(d => JsonNode.Parse(KubernetesJson.Serialize(d)))]),
            [TrainingJob.Plural] = new JsonArray([.. trainingJobs.Select(name => JsonNode.Parse(KubernetesJson.Serialize(new TrainingJob
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
                Spec = new TrainingJobSpec { Model = "recs", Task = ModelTask.Recommendation, DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } },
            })))]),
        };
        LocalState.Write(State, snapshot);
        await Task.CompletedTask;
    }

    private async Task PublishServableWithReportAsync(bool drifted, long newOrders, string version = Servable)
    {
        await _store.PublishAsync("recs", version, 0.24, TrainingTriggers.Initial, StoreFixture.Gate(0.24), dataTo: new DateTime(2026, 11, 30));
        await _store.Store.PublishMonitoringReportAsync(new MonitoringReport
        {
            Model = "recs",
            Version = version,
            Task = ModelTask.Recommendation,
            CheckedAt = CheckedAt,
            Window = new MonitoringWindow(CheckedAt.AddDays(-7), CheckedAt, ["synthetic"]),
            Drift = new DriftResult(drifted, drifted ? 0.5 : 0.0,
            [
                new FeatureDrift("category", "categorical", DriftMethods.JensenShannon, drifted ? 0.31 : 0.02, 0.1, 5000, 4000, true, drifted),
                new FeatureDrift("price", "numeric", DriftMethods.Wasserstein, 0.01, 0.1, 5000, 4000, true, false),
            ]),
            Performance = new RealizedPerformance(StoreFixture.Metric, 0.22, 0.24, 800, 0.15, Degraded: false),
            NewData = new NewDataCount(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), newOrders, 0),
        }, TestContext.Current.CancellationToken);
    }

    private Task<(int Exit, string Output, string Error)> CheckAsync(params string[] args) =>
        Ecml.RunAsync(_time, ["retrain", "check", .. args, "--state", State, "--store", _store.Location]);

    [Fact]
    public async Task Check_WithoutAServableVersion_WouldStartTheInitialRun()
    {
        Directory.CreateDirectory(_store.Location);
        await WriteStateAsync([Model()]);

        var (exit, output, error) = await CheckAsync("recs");

        Assert.True(exit == 0, error);
        Assert.Contains("Model default/recs: servable none, no monitoring report", output, StringComparison.Ordinal);
        Assert.Matches(@"Initial\s+100\s+recs-initial\s+the store holds no servable version of recs", output);
        Assert.Contains("→ would create TrainingJob recs-initial (reason Initial, priority 100)", output, StringComparison.Ordinal);
        Assert.Matches(@"drift\s+no servable version to monitor yet", output);
        Assert.Matches(@"schedule\s+'0 2 \* \* 3' \(Europe/London\) is next due at 2026-12-09T02:00:00Z, in 2d23h", output);
    }

    [Fact]
    public async Task Check_WithDriftAndNewData_WouldStartOneRunWithTheHigherPriority_AndSaysWhyTheOthersWouldNot()
    {
        await PublishServableWithReportAsync(drifted: true, newOrders: 900);
        await WriteStateAsync([Model()]);

        var (exit, output, error) = await CheckAsync();

        Assert.True(exit == 0, error);
        Assert.Matches(@"DriftDetected\s+90\s+recs-drift-20261206023000\s+the monitoring report of 2026-12-06T02:30:00Z found input drift in category on " + Servable, output);
        Assert.Matches(@"NewData\s+40\s+recs-newdata-" + Servable.ToLowerInvariant() + @"\s+900 new orders \(threshold 500\)", output);
        Assert.Contains("→ would create TrainingJob recs-drift-20261206023000 (reason DriftDetected, priority 90); the others are satisfied by it", output, StringComparison.Ordinal);
        Assert.Matches(@"initial\s+the store holds a servable version, " + Servable, output);
        Assert.Matches(@"(?m)performance\s+the monitoring report of 2026-12-06T02:30:00Z found ndcg_at_10 = 0.22 on 800 labelled rows since the cutoff against 0.24 at training: a relative change of -8.3%, within the allowed 15%$", output);
        Assert.Matches(@"maxAge\s+the servable version " + Servable + @" is 5d1h old, under maxAge 14d; due at 2026-12-15T02:00:00Z", output);
    }

    [Fact]
    public async Task Check_WhenNothingIsDue_SaysWhyEachTriggerWouldNotFire()
    {
        await PublishServableWithReportAsync(drifted: false, newOrders: 120);
        await WriteStateAsync([Model()]);

        var (exit, output, _) = await CheckAsync("recs");

        Assert.Equal(0, exit);
        Assert.Contains("Nothing would fire now.", output, StringComparison.Ordinal);
        Assert.Matches(@"drift\s+the monitoring report of 2026-12-06T02:30:00Z found no drift in the 2 feature\(s\) it judged", output);
        Assert.Matches(@"newData\s+the monitoring report of 2026-12-06T02:30:00Z counts 120 new orders of the 500 needed since the data of " + Servable, output);
    }

    [Fact]
    public async Task Check_WhenTheModelDeploymentRolledTheServableVersionBack_JudgesTheReportOfTheVersionItServes()
    {
        // The reconciler monitors what answers requests (Models/MonitoredVersion): V1, since the ModelDeployment rolled
        // the newer servable version back. The check used to read the servable version's reports and said nothing would fire.
        const string rolledBack = "20261203T020000Z-00000c";
        await PublishServableWithReportAsync(drifted: true, newOrders: 0);
        await _store.PublishAsync("recs", rolledBack, 0.25, TrainingTriggers.DriftDetected, StoreFixture.Gate(0.25), dataTo: new DateTime(2026, 12, 2));
        await WriteStateAsync([Model()], [RolledBack(served: Servable, rolledBack)]);

        var (exit, output, error) = await CheckAsync("recs");

        Assert.True(exit == 0, error);
        Assert.Contains($"Model default/recs: servable {rolledBack}, monitored {Servable} (the version its ModelDeployments serve), monitoring report of 2026-12-06T02:30:00Z", output, StringComparison.Ordinal);
        Assert.Matches(@"DriftDetected\s+90\s+recs-drift-20261206023000\s+the monitoring report of 2026-12-06T02:30:00Z found input drift in category on " + Servable, output);
        var (_, json, _) = await CheckAsync("recs", "-o", "json");
        Assert.Equal((rolledBack, Servable), (JsonNode.Parse(json)!["items"]![0]!["servableVersion"]!.GetValue<string>(), JsonNode.Parse(json)!["items"]![0]!["monitoredVersion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Check_WhenTheReportJudgedNothing_SaysSo_NotNoDrift()
    {
        await PublishServableWithReportAsync(drifted: false, newOrders: 0);
        var report = (await _store.Store.ListMonitoringReportsAsync("recs", Servable, newest: 1, TestContext.Current.CancellationToken)).Newest!;
        await _store.Store.PublishMonitoringReportAsync(report with
        {
            CheckedAt = CheckedAt.AddMinutes(1),
            Drift = report.Drift! with { Features = [.. report.Drift.Features.Select(f => f with { CurrentCount = 3, Sufficient = false })] },
        }, TestContext.Current.CancellationToken);
        await WriteStateAsync([Model()]);

        var (_, output, _) = await CheckAsync("recs");

        Assert.Matches(@"drift\s+the monitoring report of 2026-12-06T02:31:00Z judged nothing: too few live rows to judge category, price", output);
    }

    /// <summary>A ModelDeployment of recs on latest that rolled <paramref name="rolledBack"/> back and serves <paramref name="served"/>.</summary>
    private static ModelDeployment RolledBack(string served, string rolledBack)
    {
        var status = new ModelDeploymentStatus { CurrentVersion = served, Conditions = [] };
        Operator.Status.Conditions.Set(status.Conditions, ModelDeploymentConditions.RolledBack, Operator.Status.ConditionStatus.True, ModelDeploymentReasons.CandidateWorse, "rolled back", 1, Now.UtcDateTime);
        status.ModelStatus = new ModelStatus { LastFailureInfo = new FailureInfo { Reason = ModelDeploymentReasons.CandidateWorse, Version = rolledBack } };
        return new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = "recs", NamespaceProperty = "default" },
            Spec = new ModelDeploymentSpec { Model = "recs", Version = ModelDeploymentSpec.Latest },
            Status = status,
        };
    }

    [Fact]
    public async Task Check_WhenTheRunExistsAlready_ListsItAsStarted_NotAsFiring()
    {
        await PublishServableWithReportAsync(drifted: true, newOrders: 0);
        await WriteStateAsync([Model()], "recs-drift-20261206023000");

        var (exit, output, _) = await CheckAsync("recs");

        Assert.Equal(0, exit);
        Assert.Contains("ALREADY STARTED", output, StringComparison.Ordinal);
        Assert.Matches(@"DriftDetected\s+recs-drift-20261206023000", output);
        Assert.Contains("Nothing would fire now.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenTheRunWasPrunedButTheStatusRemembersIt_ListsItAsStarted_AsTheReconcilerCountsIt()
    {
        await PublishServableWithReportAsync(drifted: true, newOrders: 0);
        var model = Model();
        model.Status = new ModelResourceStatus
        {
            ServableVersion = Servable,
            History = [new TrainingRecord { Job = "recs-drift-20261206023000", Trigger = TrainingTriggers.DriftDetected, CompletionTime = CheckedAt.UtcDateTime.AddMinutes(10) }],
        };
        await WriteStateAsync([model]);

        var (exit, output, _) = await CheckAsync("recs");

        Assert.Equal(0, exit);
        Assert.Matches(@"ALREADY STARTED\n.*\n\s+DriftDetected\s+recs-drift-20261206023000", output);
        Assert.Contains("Nothing would fire now.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OfASuspendedModel_SaysTheRunWouldWait()
    {
        Directory.CreateDirectory(_store.Location);
        await WriteStateAsync([Model(configure: s => s.Suspend = true)]);

        var (_, output, _) = await CheckAsync("recs");

        Assert.Contains("→ would create nothing now: spec.suspend is true", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AsJson_HasEveryTriggerAndTheRun()
    {
        await PublishServableWithReportAsync(drifted: true, newOrders: 900);
        await WriteStateAsync([Model()]);

        var (exit, json, _) = await CheckAsync("recs", "-o", "json");

        Assert.Equal(0, exit);
        var item = JsonNode.Parse(json)!["items"]![0]!;
        Assert.Equal(Servable, item["servableVersion"]!.GetValue<string>());
        Assert.Equal(["DriftDetected", "NewData"], item["wouldFire"]!.AsArray().Select(f => f!["reason"]!.GetValue<string>()));
        Assert.Equal("recs-drift-20261206023000", item["run"]!["trainingJob"]!.GetValue<string>());
        Assert.Equal(["initial", "performance", "schedule", "maxAge"], item["wouldNotFire"]!.AsArray().Select(q => q!["trigger"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Check_OfAnUnknownModel_NamesTheModelsThereAre()
    {
        Directory.CreateDirectory(_store.Location);
        await WriteStateAsync([Model("recs"), Model("churn")]);

        var (exit, _, error) = await CheckAsync("forecast");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("error: no Model 'forecast' in namespace default", error, StringComparison.Ordinal);
        Assert.Contains("(it has churn, recs)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithoutLocalState_SaysHowToStartLocalMode()
    {
        var (exit, _, error) = await Ecml.RunAsync(_time, "retrain", "check", "--state", Path.Combine(State, "never"));

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("start it with `ecml up -f examples/`", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithAStateFileThatIsNotJson_SaysSoInOneLine()
    {
        await File.WriteAllTextAsync(LocalState.PathIn(State), "{not json", TestContext.Current.CancellationToken);

        var (exit, _, error) = await CheckAsync();

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.StartsWith($"error: {LocalState.PathIn(State)} is not the state `ecml up` writes", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OfAModelWhoseSpecTheOperatorRefuses_SaysWhatIsWrongAndPlansNothing()
    {
        Directory.CreateDirectory(_store.Location);
        await WriteStateAsync([Model(configure: s => s.Triggers!.Schedule = new ScheduleTrigger { Cron = "0 2 31 2 *", TimeZone = "Mars/Olympus" })]);

        var (exit, output, _) = await CheckAsync("recs");

        Assert.Equal(0, exit);
        Assert.Contains("  invalid spec: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("WOULD FIRE", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing would fire now.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithAMissingStore_SaysWhichFolder()
    {
        await WriteStateAsync([Model()]);

        var (exit, _, error) = await Ecml.RunAsync(_time, "retrain", "check", "--state", State, "--store", Path.Combine(State, "nowhere"));

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("does not exist: name one with --store", error, StringComparison.Ordinal);
    }
}
