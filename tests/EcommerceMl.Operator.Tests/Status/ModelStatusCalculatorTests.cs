using System.Text.Json.Nodes;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Contracts;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class ModelStatusCalculatorTests
{
    private static readonly ModelManifest Manifest = ModelFixtures.Manifest();
    private static readonly DateTimeOffset CheckedAt = ModelFixtures.Created.AddHours(1);

    [Fact]
    public void Observe_WhenAReportHadNoLiveRowsToScore_LeavesTheScoreOut_AndTheStatusIsValidJson()
    {
        // A window with no rows since the version's data end (`make run` before any traffic) scores NaN; a status
        // carrying NaN could not be written, and the Model's reconcile failed at every retry.
        var manifest = ModelFixtures.Manifest();
        var report = ModelFixtures.Report(manifest.Version, ModelFixtures.Created.AddHours(1));
        var empty = report.Drift!.Features.Select(f => f with { Score = double.NaN, CurrentCount = 0, Sufficient = false, Drifted = false }).ToList();
        report = report with
        {
            Drift = new DriftResult(false, 0, empty),
            PredictionDrift = report.PredictionDrift! with { Score = double.NaN, CurrentCount = 0, Sufficient = false, Drifted = false },
        };

        var status = ModelStatusCalculator.Observe(new ModelObservations { Model = ModelFixtures.Model(), Servable = manifest, Report = report, Now = ModelFixtures.Created.AddHours(1) });

        var json = KubernetesJson.Serialize(status);

        var drift = JsonNode.Parse(json)!["drift"]!;
        Assert.All([.. drift["features"]!.AsArray(), drift["prediction"]], f => Assert.Equal((null, 0), (f!["score"], (int)f["currentCount"]!)));
    }

    [Fact]
    public void Decide_WhenTheReportHadTooFewRowsToJudgeAnything_DriftDetectedIsUnknown_NotFalse()
    {
        // `make run` before traffic: every feature and the predictions below their minimum sample. "No drift" would claim a check that never happened.
        var report = TooFewRows(ModelFixtures.Report(Manifest.Version, CheckedAt), predictionsJudged: false);

        var drift = DriftCondition(report);

        Assert.Equal((ConditionStatus.Unknown, ModelReasons.NotJudged), (drift.Status, drift.Reason));
        Assert.Equal(
            $"Nothing judged on {Manifest.Version}, checked at 2026-11-01T01:00:00Z: too few live rows to judge any feature or the predictions (basket_size 12, category 12, price 12, recency 12, prediction 12).",
            drift.Message);
    }

    [Fact]
    public void Decide_WhenOnlyThePredictionsWereJudged_AndDidNotDrift_SaysNoDriftOnThePredictionsOnly()
    {
        var report = TooFewRows(ModelFixtures.Report(Manifest.Version, CheckedAt), predictionsJudged: true);

        var drift = DriftCondition(report);

        Assert.Equal((ConditionStatus.False, ModelReasons.NoDrift), (drift.Status, drift.Reason));
        Assert.Contains("(predictions only: no feature had rows enough)", drift.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenFeaturesWereJudged_AndNoneDrifted_SaysNoDrift_WithTheCount()
    {
        var drift = DriftCondition(ModelFixtures.Report(Manifest.Version, CheckedAt));

        Assert.Equal((ConditionStatus.False, ModelReasons.NoDrift), (drift.Status, drift.Reason));
        Assert.Contains("(4 features judged)", drift.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BeforeTheFirstReport_NamesTheMonitoredVersion_NotTheServableOne()
    {
        // After a rollback the Model monitors the version its ModelDeployments serve; the condition must name that one.
        var served = ModelFixtures.Manifest("20261031T000000Z-bbbbbb");
        var observations = new ModelObservations { Model = ModelFixtures.Model(s => s.Monitoring = new MonitoringSpec()), Servable = Manifest, Monitored = served, Now = CheckedAt };

        var status = ModelStatusCalculator.Decide(ModelStatusCalculator.Observe(observations), observations, new TriggerPlan(), started: null);

        var drift = Conditions.Find(status.Conditions, ModelConditions.DriftDetected)!;
        Assert.Equal((ConditionStatus.Unknown, ModelReasons.NotMonitored, $"No monitoring report of {served.Version} yet."), (drift.Status, drift.Reason, drift.Message));
    }

    [Fact]
    public void Decide_WhenTheSpecAsksForNoMonitoring_SaysSo_RatherThanWaitingForAReport()
    {
        // A search Model (make run's shop-search) has no monitoring: "no report yet" would promise one that never comes.
        var observations = new ModelObservations { Model = ModelFixtures.Model(s => s.Monitoring = null), Servable = Manifest, Now = CheckedAt };

        var status = ModelStatusCalculator.Decide(ModelStatusCalculator.Observe(observations), observations, new TriggerPlan(), started: null);

        foreach (var type in new[] { ModelConditions.DriftDetected, ModelConditions.PerformanceDegraded })
        {
            var condition = Conditions.Find(status.Conditions, type)!;
            Assert.Equal((ConditionStatus.Unknown, ModelReasons.NotMonitored), (condition.Status, condition.Reason));
            Assert.StartsWith("spec.monitoring is not set", condition.Message, StringComparison.Ordinal);
        }
    }

    private static V1Condition DriftCondition(MonitoringReport report)
    {
        var observations = new ModelObservations { Model = ModelFixtures.Model(), Servable = Manifest, Report = report, Now = CheckedAt };
        var status = ModelStatusCalculator.Decide(ModelStatusCalculator.Observe(observations), observations, new TriggerPlan(), started: null);
        return Conditions.Find(status.Conditions, ModelConditions.DriftDetected)!;
    }

    /// <summary>The report with every feature below its minimum sample (not judged, so not drifted either).</summary>
    private static MonitoringReport TooFewRows(MonitoringReport report, bool predictionsJudged) => report with
    {
        Drift = new DriftResult(false, 0, [.. report.Drift!.Features.Select(f => f with { CurrentCount = 12, Sufficient = false, Drifted = false })]),
        PredictionDrift = report.PredictionDrift! with { CurrentCount = predictionsJudged ? 2000 : 12, Sufficient = predictionsJudged },
    };
}
