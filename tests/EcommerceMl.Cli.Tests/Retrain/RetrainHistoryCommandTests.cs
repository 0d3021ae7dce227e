using System.Text.Json.Nodes;
using EcommerceMl.Cli.Retrain;

namespace EcommerceMl.Cli.Tests.Retrain;

public sealed class RetrainHistoryCommandTests : IDisposable
{
    private const string V1 = "20261101T020000Z-000001";
    private const string V2 = "20261108T020000Z-000002";
    private const string V3 = "20261115T020000Z-000003";
    private const string V4 = "20261122T020000Z-000004";

    private readonly StoreFixture _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>An initial run, a drift retraining that won, one that lost to the champion, a scheduled one whose gate failed; plus another model.</summary>
    private async Task PublishLoopAsync()
    {
        await _store.PublishAsync("recs", V1, 0.20, TrainingTriggers.Initial, StoreFixture.Gate(0.20));
        await _store.PublishAsync("recs", V2, 0.24, TrainingTriggers.DriftDetected, StoreFixture.Gate(0.24), StoreFixture.Champion(V1, 0.19, 0.24));
        await _store.PublishAsync("recs", V3, 0.18, TrainingTriggers.PerformanceDegraded, StoreFixture.Gate(0.18), StoreFixture.Champion(V2, 0.23, 0.18));
        await _store.PublishAsync("recs", V4, 0.05, TrainingTriggers.Scheduled, StoreFixture.Gate(0.05));
        await _store.PublishAsync("churn", "20261120T000000Z-00000a", 0.8, trigger: null);
    }

    [Fact]
    public async Task History_OfAModel_ListsItsVersionsNewestFirst_WithTriggerGateChampionAndServable()
    {
        await PublishLoopAsync();

        var (exit, output, error) = await Ecml.RunAsync("retrain", "history", "recs", "--store", _store.Location);

        Assert.True(exit == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^MODEL\s+VERSION\s+CREATED\s+TRIGGER\s+ALGORITHM\s+METRIC\s+GATE\s+CHAMPION\s+SERVABLE$", lines[0]);
        Assert.Equal([V4, V3, V2, V1], lines.Skip(1).Select(l => l.Split("   ", StringSplitOptions.RemoveEmptyEntries)[1].Trim()));
        Assert.Matches(@"^recs\s+" + V4 + @"\s+2026-11-22 02:00:00Z\s+Scheduled\s+item-cosine\s+ndcg_at_10=0\.05\s+failed \(minimum 0\.1\)\s+-\s+no: its quality gate failed \(ndcg_at_10 = 0\.05, below the minimum 0\.1\)$", lines[1]);
        Assert.Matches(@"PerformanceDegraded\s+item-cosine\s+ndcg_at_10=0\.18\s+passed\s+lost to " + V2 + @" \(0\.23, tolerance 0\.01\)\s+no: it lost to the champion", lines[2]);
        Assert.Matches(@"DriftDetected\s+item-cosine\s+ndcg_at_10=0\.24\s+passed\s+passed vs " + V1 + @" \(0\.19\)\s+latest$", lines[3]);
        Assert.Matches(@"Initial\s+item-cosine\s+ndcg_at_10=0\.2\s+passed\s+-\s+yes$", lines[4]);
        Assert.DoesNotContain("churn", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_WhenTheChampionCouldNotBeScored_SaysNotCompared_NotAMissingValue()
    {
        // make run's second drift run: its champion was trained on data inside the new held-out window.
        var champion = new ChampionComparison(V1, "ndcg_at_10", "minimum", null, 0.24, 0.02, Passed: true, Note: "not compared: no held-out order lines are left");
        var entry = new TrainingHistoryEntry("recs", V2, DateTimeOffset.UnixEpoch, TrainingTriggers.DriftDetected, "item-cosine", null, "ndcg_at_10", 0.24, null, champion, true, true, null);

        Assert.Equal($"not compared with {V1}", TrainingHistory.Table([entry])[1][7]);
    }

    [Fact]
    public async Task History_WithoutAModel_ListsEveryModel_NewestFirst()
    {
        await PublishLoopAsync();

        var (exit, output, _) = await Ecml.RunAsync("retrain", "history", "--store", _store.Location);

        Assert.Equal(0, exit);
        var rows = output.TrimEnd('\n').Split('\n').Skip(1).ToList();
        Assert.Equal(5, rows.Count);
        Assert.StartsWith("recs ", rows[0], StringComparison.Ordinal);
        Assert.Matches(@"^churn\s+20261120T000000Z-00000a\s+2026-11-20 00:00:00Z\s+-\s+item-cosine\s+-\s+-\s+-\s+latest$", rows[1]);
    }

    [Fact]
    public async Task History_AsJsonAndYaml_HasTheWholeComparison()
    {
        await PublishLoopAsync();

        var (exit, json, _) = await Ecml.RunAsync("retrain", "history", "recs", "--store", _store.Location, "-o", "json");
        var (_, yaml, _) = await Ecml.RunAsync("retrain", "history", "recs", "--store", _store.Location, "-o", "yaml");

        Assert.Equal(0, exit);
        var items = JsonNode.Parse(json)!["items"]!.AsArray();
        Assert.Equal(4, items.Count);
        var lost = items[1]!;
        Assert.Equal(V3, lost["version"]!.GetValue<string>());
        Assert.Equal(TrainingTriggers.PerformanceDegraded, lost["trigger"]!.GetValue<string>());
        Assert.False(lost["servable"]!.GetValue<bool>());
        Assert.False(lost["champion"]!["passed"]!.GetValue<bool>());
        Assert.Equal(0.23, lost["champion"]!["championValue"]!.GetValue<double>());
        Assert.StartsWith("it lost to the champion", lost["whyNotServable"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(items[2]!["servableLatest"]!.GetValue<bool>());
        Assert.Contains($"- model: recs\n  version: {V4}\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  trigger: Scheduled\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_OfAnUnknownModel_NamesTheModelsTheStoreHas()
    {
        await PublishLoopAsync();

        var (exit, _, error) = await Ecml.RunAsync("retrain", "history", "forecast", "--store", _store.Location);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains($"error: no model 'forecast' in {_store.Location}: it holds churn, recs.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_OfAMissingStore_SaysWhichFolderAndHowToNameOne()
    {
        var missing = Path.Combine(_store.Folder, "nowhere");

        var (exit, _, error) = await Ecml.RunAsync("retrain", "history", "--store", missing);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains($"error: the model store {missing} does not exist: name one with --store", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_WithABadOutputFormat_IsRefusedNamingTheChoices()
    {
        var (exit, _, error) = await Ecml.RunAsync("retrain", "history", "--store", _store.Location, "-o", "wide");

        // A parse error (Program.cs turns it into exit 2, as any other invalid input).
        Assert.NotEqual(0, exit);
        Assert.Contains("'wide'", error, StringComparison.Ordinal);
        Assert.Contains("table", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_WithAnUnreadableManifest_WarnsAndListsTheRest()
    {
        await PublishLoopAsync();
        await File.WriteAllTextAsync(Path.Combine(_store.Location, ModelStoreLayout.ManifestPath("recs", V2)), "{ \"model\": ", TestContext.Current.CancellationToken);

        var (exit, output, error) = await Ecml.RunAsync("retrain", "history", "recs", "--store", _store.Location);

        Assert.Equal(0, exit);
        Assert.Contains($"warning: model 'recs' version {V2} skipped", error, StringComparison.Ordinal);
        Assert.Equal(4, output.TrimEnd('\n').Split('\n').Length);
    }
}
