using EcommerceMl.Inference.Models;
using EcommerceMl.Ml;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Healthz_WhileModelsAreStillLoading_Returns200()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Close();
        await using var host = await TestServerHost.StartAsync(store);

        var response = await host.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        store.Open();
    }

    [Fact]
    public async Task Readyz_BeforeTheStoreAnswers_Returns503SayingWhy()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Close();
        await using var host = await TestServerHost.StartAsync(store);

        var response = await host.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("notReady", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("problem").GetString()));
        store.Open();
    }

    [Fact]
    public async Task Readyz_WhilePinnedModelsAreLoading_ListsEachAsLoading()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Close();
        await using var host = await TestServerHost.StartAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:Models:0"] = "recs", ["Ecml:Inference:Models:1"] = "sales" });

        var body = await ReadinessAsync(host, HttpStatusCode.ServiceUnavailable);

        var models = body.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["recs", "sales"], models.Select(m => m.GetProperty("name").GetString()));
        Assert.All(models, m => Assert.Equal("Loading", m.GetProperty("status").GetString()));
        store.Open();
    }

    [Fact]
    public async Task Readyz_AfterEveryModelLoaded_Returns200()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await ReadinessAsync(host, HttpStatusCode.OK);

        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(3, body.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task Readyz_WhenTheStoreIsUnreachableAtFirst_RetriesUntilReady()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.FailNext(3);
        await using var host = await TestServerHost.StartAsync(store);

        await host.WaitUntilReadyAsync();

        await ReadinessAsync(host, HttpStatusCode.OK);
        Assert.True(store.Calls >= 4 + 3, $"expected the failed calls to be retried; the store saw {store.Calls} calls");
    }

    [Fact]
    public async Task Readyz_WhenAFileFailsItsChecksum_StaysNotReadyWithTheReason()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Corrupt(TestModels.Sales, TestModels.V1, ITrainedModel.FileName);
        await using var host = await TestServerHost.StartAsync(store);

        await host.WaitForSettledAsync(TestModels.Sales);
        await host.WaitForSettledAsync(TestModels.Recs);
        await host.WaitForSettledAsync(TestModels.Churn);

        var body = await ReadinessAsync(host, HttpStatusCode.ServiceUnavailable);
        var sales = body.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == TestModels.Sales);
        Assert.Equal("Failed", sales.GetProperty("status").GetString());
        Assert.Contains("checksum", sales.GetProperty("error").GetString(), StringComparison.Ordinal);
        var others = body.GetProperty("models").EnumerateArray().Where(m => m.GetProperty("name").GetString() != TestModels.Sales);
        Assert.All(others, m => Assert.Equal("Loaded", m.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Readyz_WhenTheNewestModelFileCannotBeRead_ServesTheNewestThatLoadsAndSaysWhy()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishBytesAsync(store, TestModels.Churn, TestModels.V2, ModelTask.Churn, "logistic", "not a model"u8.ToArray());
        await using var host = await TestServerHost.StartReadyAsync(store);

        var body = await ReadinessAsync(host, HttpStatusCode.OK);

        var churn = body.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == TestModels.Churn);
        Assert.Equal(TestModels.V1, churn.GetProperty("version").GetString());
        var skipped = Assert.Single(churn.GetProperty("skipped").EnumerateArray());
        Assert.Equal(TestModels.V2, skipped.GetProperty("version").GetString());
        Assert.Contains("could not be read by the churn pipeline", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenTheNewestManifestIsMalformed_ServesTheOneBeforeAndSaysWhy()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender());
        store.BreakManifest(TestModels.Recs, TestModels.V2);
        await using var host = await TestServerHost.StartReadyAsync(store);

        var recs = host.Registry.Find(TestModels.Recs)!;

        Assert.Equal(TestModels.V1, recs.Version);
        Assert.Contains("malformed", Assert.Single(recs.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenAVersionMissedItsGate_ServesTheOneBeforeAndSaysWhy()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, TestModels.Churn, TestModels.V2, TestModels.ChurnModel(),
            new Dictionary<string, double> { ["auc"] = 0.8 }, new GateResult("auc", GateResult.Minimum, 0.99, 0.8, Passed: false));
        await using var host = await TestServerHost.StartReadyAsync(store);

        var churn = host.Registry.Find(TestModels.Churn)!;

        Assert.Equal(TestModels.V1, churn.Version);
        Assert.Equal("its quality gate failed (auc = 0.8, below the minimum 0.99)", Assert.Single(churn.Skipped).Reason);
    }

    [Fact]
    public async Task Readyz_WhenNoPipelineHandlesTheTask_StaysNotReadyNamingTheTask()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishBytesAsync(store, "ranker", TestModels.V1, "ranking", "magic", [1, 2, 3]);
        await using var host = await TestServerHost.StartAsync(store);

        var ranker = await host.WaitForSettledAsync("ranker");

        Assert.Equal(ModelStatus.Failed, ranker.Status);
        Assert.Contains("No pipeline for task 'ranking'", ranker.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenAPinnedVersionIsMissing_KeepsRetryingAndSaysNotFound()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:Models:0"] = "recs@20990101T000000Z-ffffff" });

        var body = await ReadinessUntilAsync(host, m => m.GetProperty("error").GetString() is not null);

        var recs = body.GetProperty("models")[0];
        Assert.Equal("Loading", recs.GetProperty("status").GetString());
        Assert.Contains("not found in the store", recs.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenTheStoreIsEmpty_Returns503SayingSo()
    {
        await using var host = await TestServerHost.StartAsync(new InMemoryModelStore());

        var body = await ReadinessUntilAsync(host, _ => true, b => b.GetProperty("problem").GetString()?.Contains("holds no models", StringComparison.Ordinal) == true);

        Assert.Contains("memory://test-store holds no models yet", body.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadinessAsync(TestServerHost host, HttpStatusCode expected)
    {
        var response = await host.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Polls /readyz until the loader has recorded what the test looks for (no timing assumed).</summary>
    private static async Task<JsonElement> ReadinessUntilAsync(
        TestServerHost host, Func<JsonElement, bool> everyModel, Func<JsonElement, bool>? whole = null)
    {
        while (true)
        {
            var body = await ReadinessAsync(host, HttpStatusCode.ServiceUnavailable);
            var models = body.GetProperty("models").EnumerateArray().ToList();
            if ((whole?.Invoke(body) ?? models.Count > 0) && models.All(everyModel))
            {
                return body;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
