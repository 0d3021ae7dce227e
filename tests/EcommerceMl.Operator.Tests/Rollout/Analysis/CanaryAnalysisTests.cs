using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Tests.Rollout.Analysis;

public sealed class CanaryAnalysisTests
{
    private const string V2 = "20261123T020000Z-bbbbbb";
    private static readonly DateTime T0 = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private static readonly AnalysisSettings Settings = new(
        Interval, [10, 50, 100], Interval, FailureLimit: 2, InconclusiveLimit: 3, RollBackWhenInconclusive: false,
        MinRequests: 20, MinSuccessRate: 0.99, MaxP99Seconds: 0.5, MaxP99RatioToStable: 2, Conversion: null);

    private static VersionTraffic Traffic(int requests, int errors = 0, double seconds = 0.004, double answers = 0, double cartAdds = 0) =>
        new(requests, errors, [new HistogramBucket(seconds, requests), new HistogramBucket(double.PositiveInfinity, requests)], answers,
            new Dictionary<string, double> { ["add_to_cart"] = cartAdds });

    private static IntervalTraffic Interval_(DateTime end, VersionTraffic canary, VersionTraffic? stable = null, params string[] problems) =>
        new(end - Interval, end, canary, stable ?? Traffic(200), problems);

    /// <summary>Runs the analysis from its start over intervals ending every 30 s, as the reconciler would.</summary>
    private static (AnalysisDecision Last, List<AnalysisDecision> All) Run(AnalysisSettings settings, bool paused, params VersionTraffic[] canaryIntervals)
    {
        var all = new List<AnalysisDecision> { CanaryAnalysis.Decide(settings, null, V2, null, paused, T0) };
        for (var i = 0; i < canaryIntervals.Length; i++)
        {
            var end = T0 + (Interval * (i + 1));
            all.Add(CanaryAnalysis.Decide(settings, all[^1].Status, V2, Interval_(end, canaryIntervals[i]), paused, end));
        }

        return (all[^1], all);
    }

    [Fact]
    public void Start_IsTheFirstStep_WithAnEventSayingSo()
    {
        var start = CanaryAnalysis.Decide(Settings, null, V2, null, paused: false, T0);

        Assert.Equal((AnalysisOutcome.Hold, 1, 3, 10, AnalysisPhases.Progressing), (start.Outcome, start.Status.Step, start.Status.Steps, start.Status.CanaryWeight, start.Status.Phase));
        Assert.Equal(T0, start.Status.StepStartedAt);
        Assert.Equal(ModelDeploymentReasons.StepAdvanced, Assert.Single(start.Events).Reason);
    }

    [Fact]
    public void AGoodCanary_AdvancesOneStepPerSuccessfulInterval_AndIsPromotedAfterTheLast()
    {
        var (last, all) = Run(Settings, false, Traffic(100), Traffic(100), Traffic(100));

        Assert.Equal([10, 50, 100, 100], all.Select(d => d.Status.CanaryWeight));
        Assert.Equal([AnalysisOutcome.Hold, AnalysisOutcome.Hold, AnalysisOutcome.Hold, AnalysisOutcome.Promote], all.Select(d => d.Outcome));
        Assert.Equal((AnalysisPhases.Succeeded, 3, 0), (last.Status.Phase, last.Status.SuccessfulChecks, last.Status.FailedChecks));
        Assert.Equal(CheckResults.Successful, last.Status.LastCheck!.Result);
        Assert.Equal(["requests", "success-rate", "latency-p99"], last.Status.LastCheck.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void ACanaryAnswering5xx_IsRolledBackAtTheFailureLimit_WithTheValuesInTheReason()
    {
        var (last, all) = Run(Settings, false, Traffic(100, errors: 20), Traffic(100, errors: 25));

        Assert.Equal(AnalysisOutcome.Hold, all[1].Outcome);
        Assert.Equal(ModelDeploymentReasons.AnalysisRunFailed, Assert.Single(all[1].Events).Reason);
        Assert.Equal((AnalysisOutcome.RollBack, ModelDeploymentReasons.AnalysisFailed, AnalysisPhases.Failed), (last.Outcome, last.Reason, last.Status.Phase));
        Assert.Equal("2 of failureLimit 2 intervals failed; the last: success-rate: 25 of 100 canary requests answered 5xx: success rate 75.00% (at least 99.00%)", last.Message);
        Assert.Equal(0.75, last.Status.LastCheck!.Metrics.Single(m => m.Name == "success-rate").Value);
    }

    [Fact]
    public void ASlowCanary_FailsOnLatency_AbsoluteAndRelativeToStable()
    {
        var tooSlow = CanaryAnalysis.Decide(Settings, null, V2, Interval_(T0, Traffic(100, seconds: 0.8)), false, T0);
        var slowerThanStable = CanaryAnalysis.Decide(Settings, null, V2, Interval_(T0, Traffic(100, seconds: 0.3), Traffic(100, seconds: 0.1)), false, T0);

        Assert.Contains("canary p99 792 ms is above maxSeconds 500 ms", tooSlow.Status.Message, StringComparison.Ordinal);
        Assert.Equal(CheckResults.Failed, slowerThanStable.Status.LastCheck!.Result);
        Assert.Contains("canary p99 297 ms is more than 2× the stable p99 99 ms", slowerThanStable.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLittleTraffic_IsInconclusive_NeverASuccess_AndNeverAdvances()
    {
        // 19 flawless requests, below minRequests 20; even all of them failing would not count as a failure.
        var (last, all) = Run(Settings, false, Traffic(19), Traffic(5, errors: 5));

        Assert.All(all, d => Assert.Equal((1, 10, AnalysisOutcome.Hold), (d.Status.Step, d.Status.CanaryWeight, d.Outcome)));
        Assert.Equal((0, 0, 2), (last.Status.SuccessfulChecks, last.Status.FailedChecks, last.Status.InconclusiveChecks));
        Assert.StartsWith("Interval inconclusive (2 of inconclusiveLimit 3): requests: 5 canary requests, fewer than minRequests 20", last.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AtTheInconclusiveLimit_WaitHolds_WithOneWarning_AndALaterSuccessResumes()
    {
        var (waiting, all) = Run(Settings, false, Traffic(1), Traffic(1), Traffic(1), Traffic(1));

        Assert.Equal((AnalysisOutcome.Hold, AnalysisPhases.Inconclusive), (waiting.Outcome, waiting.Status.Phase));
        Assert.Single(all.SelectMany(d => d.Events), e => e.Reason == ModelDeploymentReasons.AnalysisInconclusive);
        var resumed = CanaryAnalysis.Decide(Settings, waiting.Status, V2, Interval_(T0.AddMinutes(3), Traffic(100)), false, T0.AddMinutes(3));
        Assert.Equal((2, AnalysisPhases.Progressing), (resumed.Status.Step, resumed.Status.Phase));
    }

    [Fact]
    public void AtTheInconclusiveLimit_RollBack_RollsBack()
    {
        var (last, _) = Run(Settings with { RollBackWhenInconclusive = true }, false, Traffic(1), Traffic(1), Traffic(1));

        Assert.Equal((AnalysisOutcome.RollBack, ModelDeploymentReasons.AnalysisInconclusive), (last.Outcome, last.Reason));
    }

    [Fact]
    public void AtTheLastStep_AnInconclusiveIntervalNeverPromotes_EvenAfterSuccessfulOnes()
    {
        // argo-rollouts#3850: a run that ended inconclusive was promoted.
        var (last, _) = Run(Settings, false, Traffic(100), Traffic(100), Traffic(3));

        Assert.Equal((AnalysisOutcome.Hold, 3, CheckResults.Inconclusive), (last.Outcome, last.Status.Step, last.Status.LastCheck!.Result));
    }

    [Fact]
    public void AnUnreadableTarget_MakesAGoodIntervalInconclusive_ButAFailureStillCounts()
    {
        var good = CanaryAnalysis.Decide(Settings, null, V2, Interval_(T0, Traffic(100), null, "http://10.0.0.9:8080/metrics: refused"), false, T0);
        var bad = CanaryAnalysis.Decide(Settings, null, V2, Interval_(T0, Traffic(100, errors: 50), null, "http://10.0.0.9:8080/metrics: refused"), false, T0);

        Assert.Equal(CheckResults.Inconclusive, good.Status.LastCheck!.Result);
        Assert.EndsWith("http://10.0.0.9:8080/metrics: refused", good.Status.Message, StringComparison.Ordinal);
        Assert.Equal(CheckResults.Failed, bad.Status.LastCheck!.Result);
    }

    [Fact]
    public void Paused_HoldsTheStep_ButFailuresStillRollBack()
    {
        var (held, _) = Run(Settings, true, Traffic(100), Traffic(100));
        var (failed, _) = Run(Settings, true, Traffic(100, errors: 50), Traffic(100, errors: 50));

        Assert.Equal((1, AnalysisPhases.Paused, AnalysisOutcome.Hold), (held.Status.Step, held.Status.Phase, held.Outcome));
        Assert.Equal(AnalysisOutcome.RollBack, failed.Outcome);
    }

    [Fact]
    public void BakeTime_KeepsAStepUntilItHasLasted_ThenTheNextSuccessAdvances()
    {
        var (last, all) = Run(Settings with { Bake = TimeSpan.FromSeconds(90) }, false, Traffic(100), Traffic(100), Traffic(100));

        Assert.Equal([1, 1, 1, 2], all.Select(d => d.Status.Step));
        Assert.Equal(T0.AddSeconds(90), last.Status.StepStartedAt);
    }

    [Fact]
    public void Conversions_AreTalliedSinceTheStart_AndOnlyBlockTheLastStepUntilTheSampleIsReached()
    {
        var settings = Settings with { Conversion = new ConversionSettings("add_to_cart", 0.95, 1000) };
        // 400 answers per interval each: the sample (1000 of each) is reached in the third interval.
        var (last, all) = Run(settings, false, Traffic(100, answers: 400, cartAdds: 40), Traffic(100, answers: 400, cartAdds: 40), Traffic(100, answers: 400, cartAdds: 40));

        Assert.Equal([1, 2, 3, 3], all.Select(d => d.Status.Step));
        // Before the last step a conversion sample still growing does not hold the step back.
        Assert.Equal(CheckResults.Successful, all[2].Status.LastCheck!.Result);
        Assert.Equal(CheckResults.Inconclusive, all[2].Status.LastCheck!.Metrics.Single(m => m.Name == "conversion").Result);
        Assert.Equal(1200, last.Status.Conversion!.CanaryAnswers);
        // Kept current each interval, for the printer column.
        Assert.Equal("canary n/a (0/0) vs stable n/a (0/0)", all[0].Status.Conversion!.Summary);
        Assert.Equal("canary 10.0% (120/1,200) vs stable n/a (0/0)", last.Status.Conversion.Summary);
        Assert.Equal(CheckResults.Inconclusive, last.Status.LastCheck!.Result);
        // The stable side of each interval (Traffic(200)) gave no answers: still below its sample, so no promotion.
        Assert.Equal(AnalysisOutcome.Hold, last.Outcome);
    }

    [Fact]
    public void ACanaryShoppersIgnore_IsRolledBackOnConversions_OnceTheSampleIsThere()
    {
        var settings = Settings with { Conversion = new ConversionSettings("add_to_cart", 0.95, 500), Steps = [50] };
        var stable = Traffic(200, answers: 1000, cartAdds: 120);
        var first = CanaryAnalysis.Decide(settings, null, V2, null, false, T0);
        var decisions = new List<AnalysisDecision> { first };
        for (var i = 1; i <= 2; i++)
        {
            var end = T0 + (Interval * i);
            decisions.Add(CanaryAnalysis.Decide(settings, decisions[^1].Status, V2, Interval_(end, Traffic(200, answers: 1000, cartAdds: 20), stable), false, end));
        }

        var last = decisions[^1];
        Assert.Equal((AnalysisOutcome.RollBack, ModelDeploymentReasons.AnalysisFailed), (last.Outcome, last.Reason));
        Assert.Contains("conversion: add_to_cart per answer: the canary converts worse (canary 2.00% of 2000 answers, stable 12.00% of 2000", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACanaryConvertingAsWellAsStable_IsPromoted()
    {
        var settings = Settings with { Conversion = new ConversionSettings("add_to_cart", 0.95, 500), Steps = [50] };
        var same = Traffic(200, answers: 1000, cartAdds: 120);
        var first = CanaryAnalysis.Decide(settings, null, V2, null, false, T0);

        var decided = CanaryAnalysis.Decide(settings, first.Status, V2, Interval_(T0 + Interval, same, same), false, T0 + Interval);

        Assert.Equal(AnalysisOutcome.Promote, decided.Outcome);
        Assert.Equal(0.12, decided.Status.LastCheck!.Metrics.Single(m => m.Name == "conversion").Value);
    }

    [Fact]
    public void ANewCandidate_StartsAFreshAnalysis()
    {
        var (failedOnce, _) = Run(Settings, false, Traffic(100, errors: 50));

        var next = CanaryAnalysis.Decide(Settings, failedOnce.Status, "20261123T030000Z-cccccc", null, false, T0.AddHours(1));

        Assert.Equal((0, 1, "20261123T030000Z-cccccc"), (next.Status.FailedChecks, next.Status.Step, next.Status.Version));
    }
}
