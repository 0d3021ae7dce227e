namespace EcommerceMl.Trainer.Tests;

public sealed class ChampionVerdictTests
{
    private static readonly QualityGate Ndcg = new("ndcg_at_10", GateResult.Minimum, 0.05, Tolerance: 0.01);
    private static readonly QualityGate Mase = new("mase", GateResult.Maximum, 2, Tolerance: 0.1);

    [Theory]
    [InlineData(0.25, 0.26, true)]
    [InlineData(0.25, 0.24, true)]
    [InlineData(0.25, 0.2399, false)]
    public void Decide_ForAMinimumMetric_LowerIsWorse(double champion, double challenger, bool passed) =>
        Assert.Equal(passed, ChampionVerdict.Decide("v1", Ndcg, champion, challenger).Passed);

    [Theory]
    [InlineData(1.0, 0.9, true)]
    [InlineData(1.0, 1.1, true)]
    [InlineData(1.0, 1.1001, false)]
    public void Decide_ForAMaximumMetric_HigherIsWorse(double champion, double challenger, bool passed) =>
        Assert.Equal(passed, ChampionVerdict.Decide("v1", Mase, champion, challenger).Passed);

    [Fact]
    public void Decide_WithoutTolerance_EqualScoresPass()
    {
        var gate = Ndcg with { Tolerance = 0 };

        Assert.True(ChampionVerdict.Decide("v1", gate, 0.1 + 0.2, 0.3).Passed);
    }

    [Fact]
    public void Decide_WhenAScoreIsNotANumber_PassesAndSaysSo()
    {
        var comparison = ChampionVerdict.Decide("v1", Mase, double.NaN, 1.0, "a note");

        Assert.Equal((true, null, 1.0), (comparison.Passed, comparison.ChampionValue, comparison.ChallengerValue));
        Assert.Equal("a note; not compared: the champion's score is not a number", comparison.Note);
    }

    [Fact]
    public void Decide_RecordsWhatWasCompared()
    {
        var comparison = ChampionVerdict.Decide("20261123T014200Z-1a2b3c", Ndcg, 0.25, 0.21);

        Assert.Equal(new ChampionComparison("20261123T014200Z-1a2b3c", "ndcg_at_10", GateResult.Minimum, 0.25, 0.21, 0.01, false), comparison);
        Assert.Equal("ndcg_at_10 = 0.21 against 0.25 of champion 20261123T014200Z-1a2b3c: worse by more than 0.01", comparison.Describe());
    }

    [Fact]
    public void Describe_WhenTheChampionWasNotScored_SaysNothingWasCompared()
    {
        var comparison = new ChampionComparison("20261123T014200Z-1a2b3c", "auc", GateResult.Minimum, null, 0.7952, 0.02, true, "the held-out customers are labelled over the whole window");

        Assert.Equal("auc = 0.7952; not compared with champion 20261123T014200Z-1a2b3c: the held-out customers are labelled over the whole window", comparison.Describe());
    }
}
