namespace EcommerceMl.Trainer.Tests;

public sealed class ChampionWindowTests
{
    private static readonly DateTime Cutoff = new(2026, 11, 1);

    private static ModelManifest Manifest(string sha, DateTime dataEnd, EvaluationInfo? evaluation) => new()
    {
        Model = "m", Version = "20261123T014200Z-1a2b3c", Task = "forecast", Algorithm = "ets", CreatedAt = DateTimeOffset.UnixEpoch,
        Data = new DataFingerprint("shop", sha, new Dictionary<string, long>(), new DateTime(2025, 1, 1), dataEnd),
        Evaluation = evaluation,
        Files = new Dictionary<string, string>(),
    };

    private static readonly ModelManifest Candidate = Manifest("new", Cutoff.AddDays(27).AddHours(15), new EvaluationInfo(Cutoff, 28, 10, 42));

    [Fact]
    public void Choose_OnTheSameDataAndSplit_UsesTheChampionsRecordedValue()
    {
        var window = ChampionWindow.Choose(Candidate with { Version = "old" }, Candidate);

        Assert.True(window.Recorded);
        Assert.Null(window.From);
    }

    [Fact]
    public void Choose_WhenTheChampionsDataEndsBeforeTheCutoff_ScoresTheWholeWindow() =>
        Assert.Equal(new ChampionWindow(false, null, null), ChampionWindow.Choose(Manifest("old", Cutoff.AddMinutes(-1), null), Candidate));

    [Fact]
    public void Choose_WhenTheChampionsDataRunsIntoTheWindow_ScoresFromTheDayAfterItsLastOrder()
    {
        var window = ChampionWindow.Choose(Manifest("old", Cutoff.AddDays(20).AddHours(18), new EvaluationInfo(Cutoff.AddDays(-7), 28, 10, 42)), Candidate);

        Assert.Equal((false, Cutoff.AddDays(21)), (window.Recorded, window.From));
        Assert.Contains("through 2026-11-21, inside this run's held-out window from 2026-11-01: both scored only from 2026-11-22 on", window.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_ForChurn_WhenTheChampionsDataRunsIntoTheWindow_KeepsTheCustomersFirstSeenSinceItsCutoff()
    {
        // Churn's held-out customers are labelled over the whole window: not cut by day, but by who the champion never saw.
        var champion = Manifest("old", Cutoff.AddDays(20).AddHours(18), new EvaluationInfo(Cutoff.AddDays(-14), 0, 10, 42)) with { Task = "churn" };

        var window = ChampionWindow.Choose(champion, Candidate with { Task = "churn" });

        Assert.Equal((false, Cutoff.AddDays(-14)), (window.Recorded, window.From));
        Assert.Contains("fit on every customer with an order before 2026-10-18", window.Note, StringComparison.Ordinal);
        Assert.Contains("held-out customers first seen from 2026-10-18 on", window.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_OnTheSameDataWithAnotherSplit_DoesNotUseTheRecordedValue()
    {
        var window = ChampionWindow.Choose(Candidate with { Evaluation = new EvaluationInfo(Cutoff.AddDays(14), 14, 10, 42) }, Candidate);

        Assert.False(window.Recorded);
        Assert.Equal(Cutoff.AddDays(28), window.From);
    }
}
