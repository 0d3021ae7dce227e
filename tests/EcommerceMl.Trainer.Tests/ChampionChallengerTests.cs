using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Trainer.Tests;

/// <summary>
/// Champion against challenger, end to end through the train command and a local store: a retraining
/// run scores the servable version on its own held-out window and is servable only when not worse by
/// more than the tolerance.
/// </summary>
public sealed class ChampionChallengerTests : IDisposable
{
    private const string Model = "recs";
    private readonly TemporaryFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    // Version ids have a resolution of one second: each run a minute after the last keeps them in time order.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

    public ChampionChallengerTests()
    {
        ShopCsvWriter.Write(SmallShop.Data, Shop("full"));
        var end = SmallShop.Data.Orders.Max(o => o.OrderedAt).Date;
        ShopCsvWriter.Write(Before(SmallShop.Data, end.AddDays(-13)), Shop("two-weeks-older"));
        ShopCsvWriter.Write(Before(SmallShop.Data, end.AddDays(-40)), Shop("before-the-window"));
    }

    public void Dispose() => _folder.Dispose();

    private string StorePath => Path.Combine(_folder.Path, "store");

    private LocalModelStore Store => new(StorePath);

    private string Shop(string name) => Path.Combine(_folder.Path, name);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<(int Exit, ModelManifest Manifest)> TrainAsync(string algorithm, string data = "full", params string[] more) =>
        TrainTaskAsync("recommendation", algorithm, data, ["--gate-metric", "ndcg_at_10", "--gate-minimum", "0", .. more]);

    private async Task<(int Exit, ModelManifest Manifest)> TrainTaskAsync(string task, string algorithm, string data, string[] gate)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var root = new RootCommand("test");
        TrainCommand.Configure(root, _time);
        var exit = await root.Parse(["--task", task, "--algorithm", algorithm, "--data", Shop(data), "--store", StorePath, "--model", Model, .. gate])
            .InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error }, Ct);
        var newest = (await Store.ListVersionsAsync(Model, Ct)).MaxBy(m => m.Version, StringComparer.Ordinal)!;
        return (exit, newest);
    }

    [Fact]
    public async Task Train_WhenWorseThanTheChampionBeyondTheTolerance_PublishesAVersionThatIsNotServable_AndExitsFour()
    {
        var (_, champion) = await TrainAsync("item-cosine");

        var (exit, challenger) = await TrainAsync("popularity");

        Assert.True(challenger.Metrics["ndcg_at_10"] < champion.Metrics["ndcg_at_10"], "the test needs popularity to be the worse model on this shop");
        Assert.Equal(TrainerExitCodes.ChampionNotBeaten, exit);
        var comparison = challenger.Champion!;
        Assert.Equal((champion.Version, "ndcg_at_10", GateResult.Minimum, 0.0, false), (comparison.Version, comparison.Metric, comparison.Bound, comparison.Tolerance, comparison.Passed));
        Assert.Equal(champion.Metrics["ndcg_at_10"], comparison.ChampionValue);
        Assert.Equal(challenger.Metrics["ndcg_at_10"], comparison.ChallengerValue);
        Assert.Contains("same data and held-out split", comparison.Note, StringComparison.Ordinal);
        Assert.False(ModelVersions.IsServable(challenger));
        Assert.Equal(champion.Version, (await Store.GetManifestAsync(Model, ModelVersions.Latest, Ct))!.Version);
        Assert.Contains("error: champion not beaten: ndcg_at_10 = ", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("against the champion LOST: ", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_RecordsItsNamespace_AndIsJudgedOnlyByAChampionOfThatNamespace()
    {
        // Another namespace publishes the better model; this namespace's weaker run must not be judged (and refused) by it.
        var (_, intruder) = await TrainAsync("item-cosine", "full", "--namespace", "intruder");

        var (exit, ours) = await TrainAsync("popularity", "full", "--namespace", "shop");

        Assert.Equal("intruder", intruder.Namespace);
        Assert.Equal("shop", ours.Namespace);
        Assert.Equal(TrainerExitCodes.Done, exit);
        Assert.Null(ours.Champion);
    }

    [Fact]
    public async Task Train_WithANamespaceThatIsNoNamespaceName_ExitsTwoNamingTheOption()
    {
        var (exit, _) = await TrainAsync("popularity", "full", "--namespace", "Not_A_Namespace");

        Assert.Equal(2, exit);
        Assert.Contains("--namespace 'Not_A_Namespace' is not a namespace name", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WhenBetterThanTheChampion_BecomesTheServableLatest()
    {
        var (_, champion) = await TrainAsync("popularity");

        var (exit, challenger) = await TrainAsync("item-cosine");

        Assert.True(exit == 0, _error.ToString());
        Assert.True(challenger.Champion!.Passed);
        Assert.Equal(champion.Version, challenger.Champion.Version);
        Assert.Equal(challenger.Version, (await Store.GetManifestAsync(Model, ModelVersions.Latest, Ct))!.Version);
    }

    [Fact]
    public async Task Train_HonoursTheTolerance_WorseByLessPassesAndServes_WorseByMoreDoesNot()
    {
        var (_, champion) = await TrainAsync("item-cosine");
        var (lost, probe) = await TrainAsync("popularity");
        var gap = champion.Metrics["ndcg_at_10"] - probe.Metrics["ndcg_at_10"];

        var (beyond, outside) = await TrainAsync("popularity", "full", "--gate-tolerance", Text(gap - 0.001));
        var (within, inside) = await TrainAsync("popularity", "full", "--gate-tolerance", Text(gap + 0.001));

        Assert.Equal(TrainerExitCodes.ChampionNotBeaten, lost);
        Assert.Equal((TrainerExitCodes.ChampionNotBeaten, false, gap - 0.001), (beyond, outside.Champion!.Passed, outside.Champion.Tolerance));
        Assert.Equal((0, true, champion.Version), (within, inside.Champion!.Passed, inside.Champion.Version));
        Assert.Equal(inside.Version, (await Store.GetManifestAsync(Model, ModelVersions.Latest, Ct))!.Version);
    }

    private static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Train_WhenTheChampionsDataOverlapsTheWindow_ScoresBothOnlyOnTheDaysAfterIt()
    {
        var (_, champion) = await TrainAsync("item-cosine", "two-weeks-older");

        var (exit, challenger) = await TrainAsync("popularity");

        var comparison = challenger.Champion!;
        Assert.Equal(champion.Version, comparison.Version);
        Assert.Contains("both scored only from", comparison.Note, StringComparison.Ordinal);
        Assert.NotNull(comparison.ChampionValue);
        Assert.NotEqual(challenger.Metrics["ndcg_at_10"], comparison.ChallengerValue);
        Assert.Equal(comparison.Passed ? 0 : TrainerExitCodes.ChampionNotBeaten, exit);
    }

    [Fact]
    public async Task Train_WhenTheChampionsDataEndsBeforeTheWindow_ScoresItOnTheWholeWindow()
    {
        await TrainAsync("item-cosine", "before-the-window");

        var (exit, challenger) = await TrainAsync("item-cosine");

        var comparison = challenger.Champion!;
        Assert.Null(comparison.Note);
        Assert.Equal(challenger.Metrics["ndcg_at_10"], comparison.ChallengerValue);
        Assert.NotNull(comparison.ChampionValue);
        Assert.Equal(comparison.Passed ? 0 : TrainerExitCodes.ChampionNotBeaten, exit);
    }

    [Fact]
    public async Task Train_AForecastAgainstAnOlderForecasterOfAnotherAlgorithm_ScoresItOnTheWholeWindow()
    {
        string[] gate = ["--gate-metric", "mase", "--gate-maximum", "10"];
        var (_, champion) = await TrainTaskAsync("forecast", "seasonal-naive", "before-the-window", gate);

        var (exit, challenger) = await TrainTaskAsync("forecast", "ets", "full", gate);

        var comparison = challenger.Champion!;
        Assert.Equal((champion.Version, "mase", GateResult.Maximum, null), (comparison.Version, comparison.Metric, comparison.Bound, comparison.Note));
        Assert.Equal(challenger.Metrics["mase"], comparison.ChallengerValue);
        Assert.True(comparison.ChampionValue > 0, $"champion mase {comparison.ChampionValue}");
        Assert.Equal(comparison.Passed ? 0 : TrainerExitCodes.ChampionNotBeaten, exit);
    }

    [Fact]
    public async Task Train_AChurnModelAgainstAChampionWhoseLabelsOverlapTheWindow_IsComparedOnTheCustomersItNeverSaw()
    {
        // The champion was fit on every customer with an order before its cutoff, 40 days before this run's, and its data
        // runs 4 days into this run's label window: both are scored only on the held-out customers whose first order came
        // since (before, this was "not compared").
        // A shop large enough that the held-out customers new in those 40 days hold both kinds.
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 3000, Products = 60, Categories = 6, Days = 240, Seed = 11 });
        ShopCsvWriter.Write(shop, Shop("growing"));
        ShopCsvWriter.Write(Before(shop, shop.Orders.Max(o => o.OrderedAt).Date.AddDays(-40)), Shop("growing-40-days-older"));
        string[] gate = ["--gate-metric", "auc", "--gate-minimum", "0", "--hp", "churn_days=45"];
        var (_, champion) = await TrainTaskAsync("churn", "logistic", "growing-40-days-older", gate);

        var (exit, challenger) = await TrainTaskAsync("churn", "logistic", "growing", gate);

        var comparison = challenger.Champion!;
        Assert.True(comparison.ChampionValue is not null, comparison.Note);
        Assert.Equal(comparison.Passed ? 0 : TrainerExitCodes.ChampionNotBeaten, exit);
        Assert.NotNull(comparison.ChampionValue);
        Assert.NotNull(comparison.ChallengerValue);
        Assert.Contains($"held-out customers first seen from {champion.Evaluation!.Cutoff:yyyy-MM-dd} on", comparison.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_AChurnModelAgainstAChampionWithTheSameCutoff_IsNotComparedAndPasses()
    {
        // make run's retrains on one day: the same cutoff, so no held-out customer is new to the champion.
        string[] gate = ["--gate-metric", "auc", "--gate-minimum", "0", "--hp", "churn_days=45"];
        await TrainTaskAsync("churn", "lightgbm", "full", gate);

        var (exit, challenger) = await TrainTaskAsync("churn", "logistic", "full", ["--gate-metric", "auc", "--gate-minimum", "0", "--hp", "churn_days=45", "--seed", "7"]);

        Assert.True(exit == 0, _error.ToString());
        Assert.Null(challenger.Champion!.ChampionValue);
        Assert.Contains("were first seen from", challenger.Champion.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("recommendation", "popularity", "not compared: ")]
    [InlineData("churn", "logistic", "the champion is a churn model, not recommendation")]
    public async Task Train_WhenTheChampionCannotBeScored_RecordsWhyAndPasses(string task, string algorithm, string note)
    {
        await Store.PublishAsync(
            new ModelManifest
            {
                Model = Model, Version = "20261101T000000Z-abcdef", Task = task, Algorithm = algorithm, CreatedAt = DateTimeOffset.UnixEpoch,
                Data = new DataFingerprint("elsewhere", new string('0', 64), new Dictionary<string, long>(), null, null),
                Files = new Dictionary<string, string>(),
            },
            new Dictionary<string, byte[]> { ["model.bin"] = [1, 2, 3] },
            Ct);

        var (exit, challenger) = await TrainAsync("popularity");

        Assert.True(exit == 0, _error.ToString());
        var comparison = challenger.Champion!;
        Assert.Equal(("20261101T000000Z-abcdef", null, true), (comparison.Version, comparison.ChampionValue, comparison.Passed));
        Assert.Contains(note, comparison.Note, StringComparison.Ordinal);
        Assert.Contains("against the champion: not compared with 20261101T000000Z-abcdef (", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(challenger.Version, (await Store.GetManifestAsync(Model, ModelVersions.Latest, Ct))!.Version);
    }

    [Fact]
    public async Task Train_WithoutAGateMetric_ComparesNothing()
    {
        await TrainAsync("item-cosine");
        _time.Advance(TimeSpan.FromMinutes(1));
        var root = new RootCommand("test");
        TrainCommand.Configure(root, _time);

        var exit = await root.Parse(["--task", "recommendation", "--algorithm", "popularity", "--data", Shop("full"), "--store", StorePath, "--model", Model])
            .InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error }, Ct);

        Assert.Equal(0, exit);
        Assert.Null((await Store.GetManifestAsync(Model, ModelVersions.Latest, Ct))!.Champion);
    }

    private static ShopData Before(ShopData data, DateTime end)
    {
        var orders = data.Orders.Where(o => o.OrderedAt < end).ToList();
        var kept = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return new ShopData(data.Name, data.Customers, data.Products, orders, [.. data.OrderItems.Where(i => kept.Contains(i.OrderId))], [.. data.Events.Where(e => e.OccurredAt < end)]);
    }
}
