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

    private static async Task<(byte[] Body, string? ContentType)> PostAsync(TestServerHost host, string path, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await host.Client.PostAsync(path, content, Ct);
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(Ct), response.Content.Headers.ContentType?.ToString());
    }

    private static string Infer(string inputs, string extra = "") => $$"""{"inputs":[{{inputs}}]{{extra}}}""";

    private static string Customers(params string[] ids) =>
        $$"""{"name":"customer_id","shape":[{{ids.Length}}],"datatype":"BYTES","data":[{{string.Join(",", ids.Select(i => $"\"{i}\""))}}]}""";

    private static string K(int k, string datatype = "INT32") => $$"""{"name":"k","shape":[1],"datatype":"{{datatype}}","data":[{{k}}]}""";

    private const string InferPath = "/v2/models/" + TestModels.Recs + "/infer";

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
    public async Task AfterHotSwap_ChurnAndInferAnswersComeFromTheNewVersion()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await PostAsync(host, "/v1/churn", """{"customerId":"c1"}""");
        await PostAsync(host, InferPath, Infer(Customers("c1")));
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));
        await TestModels.PublishAsync(store, TestModels.Churn, TestModels.V2, TestModels.ChurnModel());

        Assert.Equal(2, await Refresher(host).RefreshOnceAsync(Ct));

        foreach (var _ in new[] { "built", "kept" })
        {
            var churn = await PostAsync(host, "/v1/churn", """{"customerId":"c1"}""");
            var infer = await PostAsync(host, InferPath, Infer(Customers("c1")));
            Assert.Equal(TestModels.V2, JsonDocument.Parse(churn.Body).RootElement.GetProperty("version").GetString());
            Assert.Equal(TestModels.V2, JsonDocument.Parse(infer.Body).RootElement.GetProperty("model_version").GetString());
        }
    }

    [Fact]
    public async Task ChurnAnswers_ForAKnownCustomersId_AreKeptAndEqualAServerWithoutTheCache()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var cached = await TestServerHost.StartReadyAsync(store);
        await using var plain = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:MaxCachedAnswerBytes"] = "0" });
        var cache = cached.App.Services.GetRequiredService<AnswerCache>();
        var entry = cached.Registry.Find(TestModels.Churn)!;

        foreach (var body in new[] { """{"customerId":"c1"}""", """{"customerId":"c2","model":"churn"}""" })
        {
            var first = await PostAsync(cached, "/v1/churn", body); // builds the body and keeps it
            var again = await PostAsync(cached, "/v1/churn", body); // written from the cache

            Assert.Equal(first.Body, again.Body);
            Assert.Equal(first.ContentType, again.ContentType);
            Assert.Equal((await PostAsync(plain, "/v1/churn", body)).Body, again.Body);
            Assert.Equal("application/json; charset=utf-8", again.ContentType);
        }

        Assert.NotNull(cache.Find(entry, AnswerKind.Churn, "c1"));
        Assert.NotNull(cache.Find(entry, AnswerKind.Churn, "c2"));
    }

    [Fact]
    public async Task ChurnAnswers_FromFeaturesOrForUnknownCustomers_AreNotCached()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var cache = host.App.Services.GetRequiredService<AnswerCache>();
        const string Features = """{"customerId":"c1","recencyDays":80,"frequency":2,"avgMonetary":55.5,"loyaltyMember":true,"daysSinceJoin":300}""";

        var fromFeatures = await PostAsync(host, "/v1/churn", Features);
        await PostAsync(host, "/v1/churn", """{"customerId":"c404"}""", HttpStatusCode.NotFound);
        await PostAsync(host, "/v1/churn", """{"customerId":"c404"}""", HttpStatusCode.NotFound);

        var entry = host.Registry.Find(TestModels.Churn)!;
        Assert.Equal(0, cache.BytesOf(entry));
        // The id alone is then answered from the customer's own features, not from the ones sent before.
        Assert.NotEqual(fromFeatures.Body, (await PostAsync(host, "/v1/churn", """{"customerId":"c1"}""")).Body);
        Assert.Equal(fromFeatures.Body, (await PostAsync(host, "/v1/churn", Features)).Body);
    }

    [Theory]
    [InlineData("k")] // the default k sent
    [InlineData("")] // k left out
    [InlineData("k64")] // the default k as INT64
    public async Task InferAnswers_ForAKnownCustomerAndTheDefaultK_AreKeptAndEqualAServerWithoutTheCache(string k)
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var cached = await TestServerHost.StartReadyAsync(store);
        await using var plain = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:MaxCachedAnswerBytes"] = "0" });
        var cache = cached.App.Services.GetRequiredService<AnswerCache>();
        var kTensor = k switch { "k" => "," + K(10), "k64" => "," + K(10, "INT64"), _ => "" };

        foreach (var customer in new[] { "c1", "c3" })
        {
            var body = Infer(Customers(customer) + kTensor);
            var first = await PostAsync(cached, InferPath, body);
            var again = await PostAsync(cached, InferPath, body);

            Assert.Equal(first.Body, again.Body);
            Assert.Equal(first.ContentType, again.ContentType);
            Assert.Equal((await PostAsync(plain, InferPath, body)).Body, again.Body);
            Assert.Equal("application/json; charset=utf-8", again.ContentType);
            Assert.NotNull(cache.Find(cached.Registry.Find(TestModels.Recs)!, AnswerKind.InferRecommendations, customer));
        }

        // A version named in the path answers the same request with the same body.
        var versioned = $"/v2/models/{TestModels.Recs}/versions/{TestModels.V1}/infer";
        Assert.Equal((await PostAsync(plain, InferPath, Infer(Customers("c1")))).Body, (await PostAsync(cached, versioned, Infer(Customers("c1") + kTensor))).Body);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("outputs")]
    [InlineData("k5")]
    [InlineData("two customers")]
    [InlineData("unknown customer")]
    [InlineData("product")]
    public async Task InferAnswers_OfAnyOtherShape_AreNotCachedAndEqualAServerWithoutTheCache(string shape)
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var cached = await TestServerHost.StartReadyAsync(store);
        await using var plain = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:MaxCachedAnswerBytes"] = "0" });
        var cache = cached.App.Services.GetRequiredService<AnswerCache>();
        var body = shape switch
        {
            "id" => Infer(Customers("c1"), ""","id":"r-1" """),
            "outputs" => Infer(Customers("c1"), ""","outputs":[{"name":"scores"}]"""),
            "k5" => Infer(Customers("c1") + "," + K(5)),
            "two customers" => Infer(Customers("c1", "c2")),
            "unknown customer" => Infer(Customers("stranger")),
            _ => Infer("""{"name":"product_id","shape":[1],"datatype":"BYTES","data":["p1"]}"""),
        };

        // Asked twice: a second ask of a kept answer would be written from the cache.
        await PostAsync(cached, InferPath, body);
        var again = await PostAsync(cached, InferPath, body);

        Assert.Equal((await PostAsync(plain, InferPath, body)).Body, again.Body);
        Assert.Equal(0, cache.BytesOf(cached.Registry.Find(TestModels.Recs)!));
    }

    [Fact]
    public async Task InferAnswers_ARepeatedBody_IsKeptUnderItsBytes_AndTheSameBytesElsewhereAnswerAsBefore()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var cached = await TestServerHost.StartReadyAsync(store);
        await using var plain = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:MaxCachedAnswerBytes"] = "0" });
        var cache = cached.App.Services.GetRequiredService<AnswerCache>();
        var body = Infer(Customers("c1"));

        var first = await PostAsync(cached, InferPath, body); // built, kept by customer and by body
        var again = await PostAsync(cached, InferPath, body); // written from the body's kept answer, not parsed again

        Assert.NotNull(cache.Find(cached.Registry.Find(TestModels.Recs)!, AnswerKind.InferBody, body));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal((await PostAsync(plain, InferPath, body)).Body, again.Body);
        // The same bytes to a model or version the route does not resolve to that entry take the normal path.
        foreach (var (path, status) in new[]
        {
            ("/v2/models/nope/infer", HttpStatusCode.NotFound),
            ($"/v2/models/{TestModels.Recs}/versions/20990101T000000Z-000000/infer", HttpStatusCode.NotFound),
            ($"/v2/models/{TestModels.Churn}/infer", HttpStatusCode.OK), // not a recommender: never looked up
        })
        {
            Assert.Equal((await PostAsync(plain, path, body, status)).Body, (await PostAsync(cached, path, body, status)).Body);
        }

        // A body that differs by a byte is another key: parsed and checked, answered from the customer's kept answer, and kept too.
        var spaced = body + " ";
        Assert.Null(cache.Find(cached.Registry.Find(TestModels.Recs)!, AnswerKind.InferBody, spaced));
        Assert.Equal(again.Body, (await PostAsync(cached, InferPath, spaced)).Body);
        Assert.NotNull(cache.Find(cached.Registry.Find(TestModels.Recs)!, AnswerKind.InferBody, spaced));
    }

    [Fact]
    public async Task InferAnswers_AfterAnswersWereKept_StillRefuseWhatIsWrongWithTheRequest()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        await PostAsync(host, InferPath, Infer(Customers("c1")));
        await PostAsync(host, InferPath, Infer(Customers("c1")));

        var unknownOutput = await PostAsync(host, InferPath, Infer(Customers("c1"), ""","outputs":[{"name":"nope"}]"""), HttpStatusCode.BadRequest);
        var wrongDatatype = await PostAsync(host, InferPath, Infer(Customers("c1") + "," + K(10, "FP32")), HttpStatusCode.BadRequest);
        var twice = await PostAsync(host, InferPath, Infer(Customers("c1") + "," + Customers("c1")), HttpStatusCode.BadRequest);

        Assert.Contains("unknown output 'nope'", System.Text.Encoding.UTF8.GetString(unknownOutput.Body), StringComparison.Ordinal);
        Assert.Contains("datatype FP32 is not accepted", System.Text.Encoding.UTF8.GetString(wrongDatatype.Body), StringComparison.Ordinal);
        Assert.Contains("given twice", System.Text.Encoding.UTF8.GetString(twice.Body), StringComparison.Ordinal);
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
