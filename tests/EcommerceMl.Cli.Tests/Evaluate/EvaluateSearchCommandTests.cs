using System.Text.Json;

namespace EcommerceMl.Cli.Tests.Evaluate;

public sealed class EvaluateSearchCommandTests
{
    [Fact]
    public async Task Json_OnTheSyntheticShop_GivesRecallAndMrrOverall_ByTypo_AndByQueryLength()
    {
        var (code, output, error) = await Ecml.RunAsync("evaluate", "search", "--dataset", "synthetic", "--queries", "200", "--format", "json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal("bm25", result.GetProperty("algorithm").GetString());
        var metrics = result;
        Assert.Equal(200, metrics.GetProperty("queries").GetDouble());
        Assert.InRange(metrics.GetProperty("recall_at_10").GetDouble(), 0.2, 1);
        Assert.True(metrics.TryGetProperty("mrr_typo", out _));
        Assert.True(metrics.TryGetProperty("recall_at_10_1_words", out _));
        Assert.Contains("known-item: 200 queries", json.RootElement.GetProperty("protocol").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadQueryCount_IsAnErrorNamingTheOption()
    {
        var (code, _, error) = await Ecml.RunAsync("evaluate", "search", "--dataset", "synthetic", "--queries", "0");

        Assert.NotEqual(0, code);
        Assert.Contains("--queries must be 1 or more; got 0.", error, StringComparison.Ordinal);
    }
}
