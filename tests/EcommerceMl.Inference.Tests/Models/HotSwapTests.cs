using System.Collections.Concurrent;
using EcommerceMl.Inference.Models;
using Microsoft.Extensions.Hosting;

namespace EcommerceMl.Inference.Tests.Models;

public sealed class HotSwapTests
{
    private const string V3 = "20261124T000000Z-cccccc";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelRefresher Refresher(TestServerHost host) =>
        host.App.Services.GetServices<IHostedService>().OfType<ModelRefresher>().Single();

    [Fact]
    public async Task Refresh_WithANewerVersion_SwapsToItAndReportsIt()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));

        var swapped = await Refresher(host).RefreshOnceAsync(Ct);

        Assert.Equal(1, swapped);
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/c1", Ct);
        Assert.Equal(TestModels.V2, body.GetProperty("version").GetString());
        Assert.Equal("popularity", body.GetProperty("algorithm").GetString());
        var metrics = await host.Client.GetStringAsync("/metrics", Ct);
        Assert.Contains($"ecml_model_info{{model=\"recs\",version=\"{TestModels.V2}\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"ecml_model_info{{model=\"recs\",version=\"{TestModels.V1}\"", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/v2/models/recs/versions/{TestModels.V2}/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task Refresh_WithACorruptNewerVersion_KeepsServingTheOldOne()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));
        store.Corrupt(TestModels.Recs, TestModels.V2, Ml.ITrainedModel.FileName);

        Assert.Equal(0, await Refresher(host).RefreshOnceAsync(Ct));
        Assert.Equal(0, await Refresher(host).RefreshOnceAsync(Ct));

        var entry = host.Registry.Find(TestModels.Recs)!;
        Assert.Equal(TestModels.V1, entry.Version);
        Assert.Equal(ModelStatus.Loaded, entry.Status);
        Assert.True(host.Registry.IsReady);
    }

    [Fact]
    public async Task Refresh_WithAnUnreadableNewerVersion_KeepsServingTheOldOne()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await TestModels.PublishBytesAsync(store, TestModels.Recs, TestModels.V2, ModelTask.Recommendation, "item-cosine", [1, 2, 3]);

        Assert.Equal(0, await Refresher(host).RefreshOnceAsync(Ct));

        Assert.Equal(TestModels.V1, host.Registry.Find(TestModels.Recs)!.Version);
    }

    [Fact]
    public async Task Refresh_WithANewerVersionThatMissedItsGate_KeepsServingTheOldOne()
    {
        // ecml train twice, the second time with --gate-metric auc --gate-minimum 0.99 (exit 3): published, never latest.
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await TestModels.PublishAsync(store, TestModels.Churn, TestModels.V2, TestModels.ChurnModel(),
            new Dictionary<string, double> { ["auc"] = 0.8 }, new GateResult("auc", GateResult.Minimum, 0.99, 0.8, Passed: false));

        Assert.Equal(0, await Refresher(host).RefreshOnceAsync(Ct));

        Assert.Equal(TestModels.V1, host.Registry.Find(TestModels.Churn)!.Version);
    }

    [Fact]
    public async Task Refresh_PastAMalformedManifest_StillSwapsToTheNextGoodVersion()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender());
        store.BreakManifest(TestModels.Recs, TestModels.V2);
        Assert.Equal(0, await Refresher(host).RefreshOnceAsync(Ct));

        await TestModels.PublishAsync(store, TestModels.Recs, V3, TestModels.Recommender("popularity"));

        Assert.Equal(1, await Refresher(host).RefreshOnceAsync(Ct));
        Assert.Equal(V3, host.Registry.Find(TestModels.Recs)!.Version);
    }

    [Fact]
    public async Task Refresh_OfAModelWhoseOnlyVersionIsCorrupt_LoadsTheNextGoodVersion()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Corrupt(TestModels.Sales, TestModels.V1, Ml.ITrainedModel.FileName);
        await using var host = await TestServerHost.StartAsync(store);
        Assert.Equal(ModelStatus.Failed, (await host.WaitForSettledAsync(TestModels.Sales)).Status);

        await TestModels.PublishAsync(store, TestModels.Sales, TestModels.V2, TestModels.Forecaster());

        Assert.Equal(1, await Refresher(host).RefreshOnceAsync(Ct));
        var sales = host.Registry.Find(TestModels.Sales)!;
        Assert.Equal((ModelStatus.Loaded, TestModels.V2), (sales.Status, sales.Version));
        Assert.True(host.Registry.IsReady);
    }

    [Fact]
    public async Task Refresh_LeavesPinnedModelsOnTheirVersion()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:Models:0"] = $"{TestModels.Recs}@{TestModels.V1}" });
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));

        Assert.Equal(0, await Refresher(host).RefreshOnceAsync(Ct));

        Assert.Equal(TestModels.V1, host.Registry.Find(TestModels.Recs)!.Version);
    }

    [Fact]
    public async Task HotSwap_UnderConcurrentLoad_FailsNoRequest()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:RefreshInterval"] = "00:00:00.020" });
        var failures = new ConcurrentQueue<string>();
        var versions = new ConcurrentDictionary<string, int>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        async Task WorkAsync(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = i % 2 == 0
                    ? await host.Client.GetAsync($"/v1/recommendations/c{(worker % 3) + 1}?k=3", Ct)
                    : await host.Client.PostJsonAsync("/v2/models/recs/infer", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}]}""");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
                    continue;
                }

                var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                var version = (body.TryGetProperty("version", out var v) ? v : body.GetProperty("model_version")).GetString()!;
                versions.AddOrUpdate(version, 1, (_, n) => n + 1);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() => WorkAsync(w), Ct)).ToList();
        await WaitUntilAsync(() => versions.GetValueOrDefault(TestModels.V1) >= 200);
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));
        await WaitUntilAsync(() => versions.GetValueOrDefault(TestModels.V2) >= 200);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.True(versions[TestModels.V1] >= 200);
        Assert.True(versions[TestModels.V2] >= 200);
        Assert.Equal(TestModels.V2, host.Registry.Find(TestModels.Recs)!.Version);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5, Ct);
        }
    }
}
