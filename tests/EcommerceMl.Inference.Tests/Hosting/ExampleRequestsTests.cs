using System.Text;
using EcommerceMl.Inference.Contracts;
using System.Text.RegularExpressions;

namespace EcommerceMl.Inference.Tests.Hosting;

public sealed partial class ExampleRequestsTests
{
    [Fact]
    public async Task Build_UsesIdsTheLoadedModelsKnow()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var lines = ExampleRequests.Build(host.Registry, "http://127.0.0.1:8080/");

        var recommender = TestModels.Recommender();
        var customer = recommender.SampleCustomers(1)[0];
        var product = recommender.Recommend(customer, 1)[0].ProductId;
        Assert.Contains($"curl -s 'http://127.0.0.1:8080/v1/recommendations/{customer}?k=5'", lines);
        Assert.Contains($"curl -s 'http://127.0.0.1:8080/v1/products/{product}/similar?k=5'", lines);
        Assert.Contains(lines, l => l.Contains("/v1/forecast", StringComparison.Ordinal) && l.Contains("\"category\":\"coffee\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/v1/churn", StringComparison.Ordinal) && l.Contains($"\"customerId\":\"{TestModels.ChurnModel().SampleCustomers(1)[0]}\"", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("curl -s ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExamplesEndpoint_NamesTheGivenBaseUrl_AndRefusesOneThatIsNotAnAddress()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var ct = TestContext.Current.CancellationToken;

        var answer = await host.Client.GetFromJsonAsync<ExamplesResponse>("/v1/examples?baseUrl=http%3A%2F%2F127.0.0.1%3A8080", ct);
        var refused = await host.Client.GetAsync("/v1/examples?baseUrl=javascript%3Aalert(1)", ct);

        Assert.Equal(ExampleRequests.Build(host.Registry, "http://127.0.0.1:8080/"), answer!.Requests);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("baseUrl", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_EveryExampleAnswers200AgainstTheServer()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var lines = ExampleRequests.Build(host.Registry, "http://localhost");

        Assert.True(lines.Count >= 8, $"expected examples for every task, got {lines.Count}");
        foreach (var line in lines)
        {
            var response = await SendAsync(host.Client, line);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{line} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        }
    }

    [Fact]
    public async Task Build_ForAModelTooOldToForecastFromToday_StartsTheDayAfterItsDataSoItStillAnswers()
    {
        var settings = new Dictionary<string, string?> { ["Ecml:Inference:MaxForecastGapDays"] = "0" };
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), settings);
        var options = new Options.InferenceOptions { MaxForecastGapDays = 0 };

        var lines = ExampleRequests.Build(host.Registry, "http://localhost", options, host.App.Services.GetRequiredService<TimeProvider>());

        var forecasts = lines.Where(l => l.Contains("/v1/forecast", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(forecasts);
        Assert.All(forecasts, l => Assert.Contains("\"start\":\"2026-11-22\"", l, StringComparison.Ordinal));
        foreach (var line in forecasts)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(host.Client, line)).StatusCode);
        }
    }

    [Fact]
    public async Task Build_WithSeveralModelsOfATask_NamesTheModel()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, "recs-pop", TestModels.V1, TestModels.Recommender("popularity"));
        await using var host = await TestServerHost.StartReadyAsync(store);

        var lines = ExampleRequests.Build(host.Registry, "http://localhost");

        Assert.Contains(lines, l => l.Contains("/v1/recommendations/", StringComparison.Ordinal) && l.Contains("model=recs-pop", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/v1/recommendations/", StringComparison.Ordinal) && l.Contains("model=recs'", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(host.Client, line)).StatusCode);
        }
    }

    /// <summary>Runs one printed curl line against the in-memory server: its URL, and its JSON body when it has one.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string line)
    {
        var quoted = Quoted().Matches(line).Select(m => m.Groups[1].Value.Replace("'\\''", "'", StringComparison.Ordinal)).ToList();
        var url = new Uri(quoted[0]);
        var path = url.PathAndQuery;
        if (!line.Contains("-X POST", StringComparison.Ordinal))
        {
            return await client.GetAsync(path, TestContext.Current.CancellationToken);
        }

        using var content = new StringContent(quoted[^1], Encoding.UTF8, "application/json");
        return await client.PostAsync(path, content, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("'((?:[^']|'\\\\'')*)'")]
    private static partial Regex Quoted();
}
