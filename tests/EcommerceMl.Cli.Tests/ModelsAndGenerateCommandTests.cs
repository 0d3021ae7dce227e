using System.Text.Json;

namespace EcommerceMl.Cli.Tests;

public sealed class ModelsAndGenerateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<string> TrainedStoreAsync()
    {
        var shop = Path.Combine(_folder, "shop");
        var store = Path.Combine(_folder, "store");
        var generated = await Ecml.RunAsync("generate", "--out", shop, "--customers", "300", "--products", "40", "--categories", "4", "--days", "120", "--seed", "3");
        Assert.Equal(0, generated.Exit);
        Assert.Contains("300 customers", generated.Output, StringComparison.Ordinal);
        var trained = await Ecml.RunAsync("train", "--task", "recommendation", "--algorithm", "popularity", "--data", shop, "--store", store, "--model", "top-sellers");
        Assert.True(trained.Exit == 0, trained.Error);
        return store;
    }

    [Fact]
    public async Task Models_ListsEachVersionWithItsMetrics()
    {
        var store = await TrainedStoreAsync();

        var (exit, output, _) = await Ecml.RunAsync("models", "--store", store);

        Assert.Equal(0, exit);
        Assert.Contains("top-sellers", output, StringComparison.Ordinal);
        Assert.Contains("popularity", output, StringComparison.Ordinal);
        Assert.Contains("ndcg_at_10=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_AsJson_IsTheManifests()
    {
        var store = await TrainedStoreAsync();

        var (exit, output, _) = await Ecml.RunAsync("models", "--store", store, "--format", "json");

        Assert.Equal(0, exit);
        var manifest = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal("top-sellers", manifest.GetProperty("model").GetString());
        Assert.True(manifest.GetProperty("metrics").GetProperty("users_evaluated").GetDouble() > 0);
    }

    [Fact]
    public async Task Models_MarksTheServableLatestAndAVersionThatMissedItsGate()
    {
        var store = await TrainedStoreAsync();
        var shop = Path.Combine(_folder, "shop");
        var missed = await Ecml.RunAsync("train", "--task", "recommendation", "--algorithm", "popularity", "--data", shop, "--store", store,
            "--model", "top-sellers", "--gate-metric", "ndcg_at_10", "--gate-minimum", "0.99");
        Assert.Equal(TrainerExitCodes.GateNotMet, missed.Exit);

        var (exit, output, _) = await Ecml.RunAsync("models", "--store", store);

        Assert.Equal(0, exit);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("top-sellers", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        // Both runs may fall in the same second, where id order is random: one row each, in either order.
        Assert.Single(rows, r => r.Contains(" latest ", StringComparison.Ordinal));
        Assert.Single(rows, r => r.Contains(" gate failed ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Models_MarksAVersionThatLostToTheChampionAsLost()
    {
        var store = await TrainedStoreAsync();
        var shop = Path.Combine(_folder, "shop");
        // Read as "lower is better", coverage makes the personalised model the worse one against popularity's few best-sellers.
        var lost = await Ecml.RunAsync("train", "--task", "recommendation", "--algorithm", "item-cosine", "--data", shop, "--store", store,
            "--model", "top-sellers", "--gate-metric", "coverage_at_10", "--gate-maximum", "1");
        Assert.True(lost.Exit == TrainerExitCodes.ChampionNotBeaten, lost.Error);
        Assert.Contains("error: champion not beaten: coverage_at_10 = ", lost.Error, StringComparison.Ordinal);

        var (exit, output, _) = await Ecml.RunAsync("models", "--store", store);

        Assert.Equal(0, exit);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("top-sellers", StringComparison.Ordinal)).ToList();
        Assert.Single(rows, r => r.Contains(" latest ", StringComparison.Ordinal) && r.Contains(" popularity ", StringComparison.Ordinal));
        Assert.Single(rows, r => r.Contains(" lost ", StringComparison.Ordinal) && r.Contains(" item-cosine ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Models_WithAMalformedManifest_ListsTheRestWarnsAndExitsZero()
    {
        var store = await TrainedStoreAsync();
        const string Broken = "20990101T000000Z-abcdef";
        var folder = Path.Combine(store, "models", "top-sellers", "versions", Broken);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), "{ \"model\": ", TestContext.Current.CancellationToken);

        var (exit, output, error) = await Ecml.RunAsync("models", "--store", store);

        Assert.Equal(0, exit);
        Assert.Contains(" latest ", output, StringComparison.Ordinal);
        Assert.Contains($"warning: model 'top-sellers' version {Broken} skipped:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_WhenModelUnknown_ExitsTwoAndSaysWhere()
    {
        var (exit, _, error) = await Ecml.RunAsync("models", "--store", _folder, "--model", "nothing");

        Assert.Equal(2, exit);
        Assert.Contains("no model 'nothing'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WithSearchSessions_WritesASinkThatBm25LtrLearnsFrom()
    {
        var shop = Path.Combine(_folder, "shop");
        var store = Path.Combine(_folder, "store");
        var generated = await Ecml.RunAsync("generate", "--out", shop, "--customers", "500", "--products", "80", "--categories", "6", "--days", "240", "--seed", "3", "--search-sessions");
        Assert.True(generated.Exit == 0, generated.Error);
        Assert.Matches(@"wrote [\d,]+ searches in [\d,]+ search-session events to .*events", generated.Output);

        var trained = await Ecml.RunAsync(
            "train", "--task", "search", "--algorithm", "bm25-ltr", "--data", shop, "--events", shop, "--events-window-days", "3650",
            "--store", store, "--model", "shop-search", "--hp", "trees=30");
        Assert.True(trained.Exit == 0, trained.Error + trained.Output);

        var (_, output, _) = await Ecml.RunAsync("models", "--store", store, "--model", "shop-search", "--format", "json");
        Assert.Contains("session_ndcg_at_10", output, StringComparison.Ordinal);
        Assert.Contains("\"ranker_learnt\": 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WhenSizeOutOfRange_ExitsTwoNamingTheOption()
    {
        var (exit, _, error) = await Ecml.RunAsync("generate", "--out", Path.Combine(_folder, "x"), "--days", "3");

        Assert.Equal(2, exit);
        Assert.Contains("Days = 3", error, StringComparison.Ordinal);
    }
}
