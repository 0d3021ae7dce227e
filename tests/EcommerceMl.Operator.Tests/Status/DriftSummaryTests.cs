using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class DriftSummaryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_CountsTheDriftedOfTheJudgedFeatures() =>
        Assert.Equal("Detected (2/4)", DriftSummary.Of(ModelFixtures.Report("v1", At, drifted: ["price", "recency"])));

    [Fact]
    public void Of_WhenNothingHadRowsEnough_SaysNotJudged_NotNone()
    {
        var report = TooFewRows(ModelFixtures.Report("v1", At), predictionsJudged: false);

        Assert.Equal("Not judged (too few rows)", DriftSummary.Of(report));
    }

    [Fact]
    public void Of_WhenOnlyThePredictionsHadRowsEnough_SaysSo()
    {
        var report = TooFewRows(ModelFixtures.Report("v1", At), predictionsJudged: true);

        Assert.Equal("None (predictions only)", DriftSummary.Of(report));
    }

    [Fact]
    public void Of_WithPredictionDrift_NamesIt() =>
        Assert.Equal("Detected (0/4, predictions)", DriftSummary.Of(ModelFixtures.Report("v1", At, predictionDrift: true)));

    /// <summary>The report with every feature below its minimum sample (not judged, so not drifted either).</summary>
    private static MonitoringReport TooFewRows(MonitoringReport report, bool predictionsJudged) => report with
    {
        Drift = new DriftResult(false, 0, [.. report.Drift!.Features.Select(f => f with { CurrentCount = 12, Sufficient = false, Drifted = false })]),
        PredictionDrift = report.PredictionDrift! with { CurrentCount = predictionsJudged ? 2000 : 12, Sufficient = predictionsJudged },
    };
}
