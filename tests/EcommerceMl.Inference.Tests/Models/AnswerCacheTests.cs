using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Hosting;

namespace EcommerceMl.Inference.Tests.Models;

public sealed class AnswerCacheTests
{
    // A minScore no score is below takes the normal path and answers the same products: the reference bytes.
    private const string NormalPath = "&minScore=-1e300";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelRefresher Refresher(TestServerHost host) =>
        host.App.Services.GetServices<IHostedService>().OfType<ModelRefresher>().Single();

    private static async Task<(byte[] Body, string? ContentType)> GetAsync(TestServerHost host, string path)
    {
        var response = await host.Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(Ct), response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task CachedAnswers_AreByteIdenticalToTheNormalPath()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var cache = host.App.Services.GetRequiredService<AnswerCache>();

        string[] paths = ["/v1/recommendations/c1?k=10", "/v1/recommendations/c2?k=10", "/v1/recommendations/c3?k=10",
            "/v1/products/p1/similar?k=10", "/v1/products/p2/similar?k=10", "/v1/products/p5/similar?k=10"];
        foreach (var path in paths)
        {
            var first = await GetAsync(host, path); // builds the body and keeps it
            var cached = await GetAsync(host, path); // written from the cache

            Assert.Equal(first.Body, cached.Body);
            Assert.Equal(first.ContentType, cached.ContentType);
            Assert.Equal("application/json; charset=utf-8", cached.ContentType);
            if (!path.Contains("/similar", StringComparison.Ordinal))
            {
                // Similar products have no option that takes the normal path; CachedAnswers_EqualAServerWithoutTheCache covers them.
                Assert.Equal((await GetAsync(host, path + NormalPath)).Body, cached.Body);
            }
        }

        Assert.True(cache.BytesOf(host.Registry.Find(TestModels.Recs)!) > 0);
    }

    [Fact]
    public async Task CachedAnswers_EqualAServerWithoutTheCache()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var cached = await TestServerHost.StartReadyAsync(store);
        await using var plain = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:MaxCachedAnswerBytes"] = "0" });

        foreach (var path in new[] { "/v1/recommendations/c1", "/v1/recommendations/c3?k=10", "/v1/products/p1/similar", "/v1/products/p2/similar?k=10" })
        {
            await GetAsync(cached, path);
            Assert.Equal((await GetAsync(plain, path)).Body, (await GetAsync(cached, path)).Body);
        }

        Assert.Equal(0, plain.App.Services.GetRequiredService<AnswerCache>().BytesOf(plain.Registry.Find(TestModels.Recs)!));
    }

    [Fact]
    public async Task AfterHotSwap_AnswersComeFromTheNewVersion()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await GetAsync(host, "/v1/recommendations/c1");
        await GetAsync(host, "/v1/products/p1/similar");
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));

        Assert.Equal(1, await Refresher(host).RefreshOnceAsync(Ct));

        var recs = await GetAsync(host, "/v1/recommendations/c1");
        var again = await GetAsync(host, "/v1/recommendations/c1");
        Assert.Equal(TestModels.V2, JsonDocument.Parse(again.Body).RootElement.GetProperty("version").GetString());
        Assert.Equal("popularity", JsonDocument.Parse(again.Body).RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(recs.Body, again.Body);
        Assert.Equal((await GetAsync(host, "/v1/recommendations/c1?k=10" + NormalPath)).Body, again.Body);
        var similar = await GetAsync(host, "/v1/products/p1/similar");
        Assert.Equal(TestModels.V2, JsonDocument.Parse(similar.Body).RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task UnknownCustomers_AreNotCached()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var cache = host.App.Services.GetRequiredService<AnswerCache>();

        await GetAsync(host, "/v1/recommendations/stranger");
        await GetAsync(host, "/v1/recommendations/stranger");

        var entry = host.Registry.Find(TestModels.Recs)!;
        Assert.Null(cache.Find(entry, AnswerKind.Recommendations, "stranger"));
        Assert.Equal(0, cache.BytesOf(entry));
    }

    [Fact]
    public void TryAdd_PastTheBudget_KeepsNothingMore()
    {
        var cache = new AnswerCache(Microsoft.Extensions.Options.Options.Create(new InferenceOptions { MaxCachedAnswerBytes = 1000 }));
        var entry = ModelEntry.Pending("recs", null);
        var body = new byte[300];

        var kept = Enumerable.Range(0, 10).Count(i => cache.TryAdd(entry, AnswerKind.Similar, $"p{i}", new CachedAnswer(body, 10, null)));

        Assert.Equal(2, kept); // (300 + 4 + 96) bytes each: two fit in 1000, a third would not
        Assert.True(cache.BytesOf(entry) <= 1000);
        Assert.NotNull(cache.Find(entry, AnswerKind.Similar, "p0"));
        Assert.Null(cache.Find(entry, AnswerKind.Similar, "p5"));
        Assert.Null(cache.Find(entry, AnswerKind.Recommendations, "p0"));
    }

    [Fact]
    public void TryAdd_WhenTurnedOff_KeepsNothing()
    {
        var cache = new AnswerCache(Microsoft.Extensions.Options.Options.Create(new InferenceOptions { MaxCachedAnswerBytes = 0 }));
        var entry = ModelEntry.Pending("recs", null);

        Assert.False(cache.TryAdd(entry, AnswerKind.Recommendations, "c1", new CachedAnswer([1, 2, 3], 1, null)));
        Assert.False(cache.Enabled);
        Assert.Null(cache.Find(entry, AnswerKind.Recommendations, "c1"));
    }
}
