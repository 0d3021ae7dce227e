using System.Text.Json;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Cli.Tests;

/// <summary>
/// What `make run` does, end to end and in-process: generate a shop, train one model per task with
/// the `ecml` commands, serve them, and call every example the server prints.
/// </summary>
public sealed class LocalLoopTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-loop-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task EveryPrintedExample_AnswersOkWithRealContent()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var shop = Path.Combine(_folder, "shop");
        var store = Path.Combine(_folder, "store");
        ShopCsvWriter.Write(SyntheticShop.Generate(new SyntheticShopOptions { Customers = 500, Products = 80, Categories = 8, Days = 240, Seed = 5 }), shop);

        foreach (var (task, algorithm, model) in new[]
        {
            ("recommendation", "item-cosine", "shop-recommendations"),
            ("forecast", "seasonal-naive", "shop-sales"),
            ("churn", "logistic", "shop-churn"),
        })
        {
            var exit = await EcmlCommand.Create()
                .Parse(["train", "--task", task, "--algorithm", algorithm, "--data", shop, "--store", store, "--model", model])
                .InvokeAsync(cancellationToken: cancellationToken);
            Assert.Equal(0, exit);
        }

        await using var server = await LocalServer.StartAsync(ModelStores.Open(store), [], "http://127.0.0.1:0", cancellationToken);
        await server.WaitUntilReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var examples = server.ExampleRequests();
        Assert.Equal(3, server.ModelCount);
        Assert.True(examples.Count >= 8, string.Join('\n', examples));

        using var http = new HttpClient();
        foreach (var line in examples)
        {
            using var response = await http.SendAsync(CurlLine.Parse(line).ToRequest(), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{line}\n→ {(int)response.StatusCode} {body}");
            AssertSensible(line, JsonDocument.Parse(body).RootElement);
        }
    }

    /// <summary>Not empty lists, not zeros: what a person would check by eye.</summary>
    private static void AssertSensible(string line, JsonElement answer)
    {
        if (line.Contains("/v1/recommendations/", StringComparison.Ordinal))
        {
            var items = answer.GetProperty("recommendations").EnumerateArray().ToList();
            Assert.Equal(5, items.Count);
            Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("productName").GetString())));
            Assert.True(items[0].GetProperty("score").GetDouble() > 0, line);
        }
        else if (line.Contains("/similar", StringComparison.Ordinal))
        {
            var items = answer.GetProperty("similar").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            Assert.True(items[0].GetProperty("coBuyers").GetInt32() > 0, line);
        }
        else if (line.Contains("/v1/forecast", StringComparison.Ordinal))
        {
            var points = answer.GetProperty("forecast").EnumerateArray().ToList();
            Assert.True(points.Count is 14 or 30, line);
            Assert.Contains(points, p => p.GetProperty("predicted").GetDouble() > 0);
            Assert.All(points, p => Assert.True(
                p.GetProperty("lower").GetDouble() <= p.GetProperty("predicted").GetDouble()
                && p.GetProperty("predicted").GetDouble() <= p.GetProperty("upper").GetDouble(), line));
        }
        else if (line.Contains("/v1/churn", StringComparison.Ordinal))
        {
            var probability = answer.GetProperty("churnProbability").GetDouble();
            Assert.InRange(probability, 0.0001, 0.9999);
            Assert.Contains(answer.GetProperty("riskCategory").GetString(), new[] { "LOW", "MEDIUM", "HIGH" });
        }
        else if (line.Contains("/v1/models", StringComparison.Ordinal))
        {
            var models = answer.GetProperty("models").EnumerateArray().ToList();
            Assert.Equal(3, models.Count);
            Assert.All(models, m => Assert.NotEmpty(m.GetProperty("metrics").EnumerateObject()));
        }
        else
        {
            Assert.EndsWith("/readyz'", line, StringComparison.Ordinal);
            Assert.Equal("ready", answer.GetProperty("status").GetString());
        }
    }
}
