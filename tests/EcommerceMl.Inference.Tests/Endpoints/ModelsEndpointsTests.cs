namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class ModelsEndpointsTests
{
    [Fact]
    public async Task Models_WhenLoaded_ListsVersionTaskAlgorithmMetricsAndLoadTime()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/models", TestContext.Current.CancellationToken);

        Assert.True(body.GetProperty("ready").GetBoolean());
        var models = body.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["churn", "recs", "sales"], models.Select(m => m.GetProperty("name").GetString()));
        var recs = models[1];
        Assert.Equal(TestModels.V1, recs.GetProperty("version").GetString());
        Assert.Equal("recommendation", recs.GetProperty("task").GetString());
        Assert.Equal("item-cosine", recs.GetProperty("algorithm").GetString());
        Assert.Equal(0.21, recs.GetProperty("metrics").GetProperty("precision_at_10").GetDouble(), 9);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero), recs.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(TestServerHost.Now, recs.GetProperty("loadedAt").GetDateTimeOffset());
        Assert.Equal("Loaded", recs.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, recs.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Models_WithoutPinnedVersion_ServeTheLatest()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));
        await using var host = await TestServerHost.StartReadyAsync(store);

        var recs = (await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/c1", TestContext.Current.CancellationToken));

        Assert.Equal(TestModels.V2, recs.GetProperty("version").GetString());
        Assert.Equal("popularity", recs.GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task Models_WithAPinnedVersion_ServeThatVersionOnly()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));
        await using var host = await TestServerHost.StartReadyAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:Models:0"] = $"recs@{TestModels.V1}" });

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/models", TestContext.Current.CancellationToken);

        var only = Assert.Single(body.GetProperty("models").EnumerateArray());
        Assert.Equal(TestModels.V1, only.GetProperty("version").GetString());
        Assert.Equal("item-cosine", only.GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task Models_WhenOneFailed_ReportsItsStatusAndError()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Corrupt(TestModels.Recs, TestModels.V1, Ml.ITrainedModel.FileName);
        await using var host = await TestServerHost.StartAsync(store);
        await host.WaitForSettledAsync(TestModels.Recs);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/models", TestContext.Current.CancellationToken);

        Assert.False(body.GetProperty("ready").GetBoolean());
        var recs = body.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == TestModels.Recs);
        Assert.Equal("Failed", recs.GetProperty("status").GetString());
        Assert.Contains("does not match its sha256", recs.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, recs.GetProperty("loadedAt").ValueKind);
    }

    [Fact]
    public async Task Requests_WhenTwoModelsOfATaskAreLoaded_NeedTheModelParameter()
    {
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, "recs-pop", TestModels.V1, TestModels.Recommender("popularity"));
        await using var host = await TestServerHost.StartReadyAsync(store);

        var ambiguous = await host.Client.GetAsync("/v1/recommendations/c1", TestContext.Current.CancellationToken);
        var chosen = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/c1?model=recs-pop", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(ambiguous, HttpStatusCode.BadRequest, "Several recommendation models are loaded (recs, recs-pop)");
        Assert.Equal("recs-pop", chosen.GetProperty("model").GetString());
        Assert.Equal("popularity", chosen.GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task Requests_ForATaskWithNoModel_Return503()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:Models:0"] = "recs" });

        var response = await host.Client.PostAsJsonAsync("/v1/forecast", new { horizon = 7 }, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "No forecast model is loaded", "Loaded: recs (recommendation)");
    }

    [Fact]
    public async Task Models_ReportDataFreshness_FromTheManifestsDataFingerprint()
    {
        var store = new InMemoryModelStore();
        var recommender = TestModels.Recommender();
        using var bytes = new MemoryStream();
        recommender.Save(bytes);
        await store.PublishAsync(
            new ModelManifest
            {
                Model = TestModels.Recs,
                Version = TestModels.V1,
                Task = recommender.Task,
                Algorithm = recommender.Algorithm,
                CreatedAt = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero),
                Data = new DataFingerprint(
                    "synthetic", "abc123", new Dictionary<string, long>(), new DateTime(2024, 11, 4), new DateTime(2026, 11, 21, 2, 0, 0)),
                Files = new Dictionary<string, string>(),
            },
            new Dictionary<string, byte[]> { [EcommerceMl.Ml.ITrainedModel.FileName] = bytes.ToArray() },
            TestContext.Current.CancellationToken);
        await using var host = await TestServerHost.StartReadyAsync(store);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/models", TestContext.Current.CancellationToken);

        var recs = Assert.Single(body.GetProperty("models").EnumerateArray());
        Assert.Equal(new DateTime(2026, 11, 21, 2, 0, 0), recs.GetProperty("dataTo").GetDateTime());
        Assert.Equal(2.0, recs.GetProperty("dataAgeDays").GetDouble(), 6); // the test clock says 2026-11-23 02:00 UTC
    }

    [Fact]
    public async Task Models_WithoutADataEndInTheManifest_SayNothingAboutFreshness()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/models", TestContext.Current.CancellationToken);

        Assert.All(body.GetProperty("models").EnumerateArray(), m =>
        {
            Assert.Equal(JsonValueKind.Null, m.GetProperty("dataTo").ValueKind);
            Assert.Equal(JsonValueKind.Null, m.GetProperty("dataAgeDays").ValueKind);
        });
    }
}
