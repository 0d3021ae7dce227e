using System.Text.Json;
using EcommerceMl.Cli.Evaluate;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Cli.Tests.Evaluate;

public class EvaluateRecommendationCommandTests
{
    private static readonly string[] Metrics =
        ["precision", "recall", "ndcg", "map", "map_at_k", "hit_rate", "coverage", "fit_seconds", "recommend_seconds", "users_evaluated"];

    [Fact]
    public async Task Json_OnASmallSyntheticShop_HasTheIssueShape()
    {
        var (code, output, _) = await Run(
            "evaluate", "recommendation", "--dataset", "synthetic", "--customers", "200", "--products", "40", "--days", "90",
            "--seeds", "2", "--k", "5", "--format", "json", "--algorithm", "popularity", "--algorithm", "item-cosine", "--hp", "item-cosine.neighbors=20");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("synthetic", root.GetProperty("dataset").GetString());
        Assert.Equal("random-75-25", root.GetProperty("protocol").GetString());
        Assert.Equal(5, root.GetProperty("k").GetInt32());
        Assert.Equal([42, 43], root.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["popularity", "item-cosine"], results.Select(r => r.GetProperty("algorithm").GetString()));
        Assert.Equal("20", results[1].GetProperty("hyperparameters").GetProperty("neighbors").GetString());
        foreach (var result in results)
        {
            var sd = result.GetProperty("sd");
            foreach (var metric in Metrics)
            {
                Assert.Equal(JsonValueKind.Number, result.GetProperty(metric).ValueKind);
                Assert.True(sd.GetProperty(metric).GetDouble() >= 0, metric);
            }
        }
    }

    [Fact]
    public async Task Table_NamesEachAlgorithmWithMeanAndSd()
    {
        var (code, output, _) = await Run(
            "evaluate", "recommendation", "--dataset", "synthetic", "--customers", "150", "--products", "30", "--days", "60", "--algorithm", "popularity");

        Assert.Equal(0, code);
        Assert.Contains("popularity", output, StringComparison.Ordinal);
        Assert.Contains("±", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownHyperparameter_IsAClearErrorAndExitCode2()
    {
        var (code, _, errors) = await Run(
            "evaluate", "recommendation", "--dataset", "synthetic", "--customers", "100", "--products", "20", "--days", "30",
            "--algorithm", "popularity", "--hp", "popularity.window=3");

        Assert.Equal(2, code);
        Assert.Contains("window", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_OnACatalogueAboveEasesMaxProducts_EvaluatesEveryAlgorithm_AndListsNoSkip()
    {
        var (code, output, _) = await Run(
            "evaluate", "recommendation", "--dataset", "synthetic", "--customers", "200", "--products", "40", "--days", "90", "--format", "json",
            "--hp", "ease.max_products=15", "--hp", "two-stage.ease_max_products=15", "--hp", "two-stage.trees=10", "--hp", "two-stage.validation_rounds=1");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var results = json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("algorithm").GetString());
        Assert.Equal(RecommendationBenchmark.AlgorithmNames, results);
        Assert.Empty(json.RootElement.GetProperty("skipped").EnumerateArray());
    }

    [Fact]
    public void Formats_ListASkippedAlgorithmWithItsReason_InTheTableAndTheJson()
    {
        var metrics = SplitMetrics.Names.ToDictionary(n => n, _ => 0.5, StringComparer.Ordinal);
        var report = new RecommendationBenchmarkReport(
            "shop", "random-75-25", 10, [42],
            [new AlgorithmBenchmarkResult("popularity", new Dictionary<string, string>(), metrics, metrics)],
            [new SkippedAlgorithm("two-stage", "The two-stage ranker found no held-out purchase; use ease.")]);

        var table = RecommendationReportFormat.Table(report);
        using var json = JsonDocument.Parse(RecommendationReportFormat.Json(report));

        Assert.Contains("skipped two-stage: The two-stage ranker found no held-out purchase; use ease.", table, StringComparison.Ordinal);
        Assert.DoesNotContain(table.Split('\n'), line => line.StartsWith("two-stage ", StringComparison.Ordinal));
        var skipped = Assert.Single(json.RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal("two-stage", skipped.GetProperty("algorithm").GetString());
        Assert.StartsWith("The two-stage ranker", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
    }

    // Through the whole `ecml` tree, so the registration is tested too.
    private static Task<(int Exit, string Output, string Error)> Run(params string[] args) => Ecml.RunAsync(args);
}
