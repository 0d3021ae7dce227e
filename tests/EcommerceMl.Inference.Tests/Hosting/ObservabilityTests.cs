using EcommerceMl.Inference.Hosting;

namespace EcommerceMl.Inference.Tests.Hosting;

public sealed class ObservabilityTests
{
    [Fact]
    public async Task Metrics_ExposeTheModelInfoGaugePerLoadedVersion()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var text = await host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Contains($"ecml_model_info{{model=\"recs\",version=\"{TestModels.V1}\",task=\"recommendation\",algorithm=\"item-cosine\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"ecml_model_info{{model=\"sales\",version=\"{TestModels.V1}\",task=\"forecast\",algorithm=\"seasonal-naive\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"ecml_model_loaded_timestamp_seconds{{model=\"churn\",version=\"{TestModels.V1}\"}} {TestServerHost.Now.ToUnixTimeSeconds()}", text, StringComparison.Ordinal);
        Assert.Contains("ecml_model_ready{model=\"churn\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ExposeWhenEachServedVersionWasTrained_ItsDataEnd_AndItsMetricsAtTraining()
    {
        var store = new InMemoryModelStore();
        using var bytes = new MemoryStream();
        TestModels.Recommender().Save(bytes);
        await store.PublishAsync(
            new ModelManifest
            {
                Model = TestModels.Recs,
                Version = TestModels.V1,
                Task = "recommendation",
                Algorithm = "item-cosine",
                CreatedAt = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero),
                Data = new DataFingerprint("synthetic", "abc123", new Dictionary<string, long>(), new DateTime(2024, 11, 4), new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc)),
                Metrics = new Dictionary<string, double> { ["ndcg_at_10"] = 0.25 },
                Files = new Dictionary<string, string>(),
            },
            new Dictionary<string, byte[]> { [Ml.ITrainedModel.FileName] = bytes.ToArray() },
            TestContext.Current.CancellationToken);
        await using var host = await TestServerHost.StartReadyAsync(store);

        var text = await host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        var series = $"{{model=\"recs\",version=\"{TestModels.V1}\"";
        Assert.Contains($"ecml_model_created_timestamp_seconds{series}}} {new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()}", text, StringComparison.Ordinal);
        Assert.Contains($"ecml_model_data_to_timestamp_seconds{series}}} {new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()}", text, StringComparison.Ordinal);
        Assert.Contains($"ecml_model_metric{series},metric=\"ndcg_at_10\"}} 0.25", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_LeaveTheDataEndOut_WhenTheManifestDoesNotSayIt()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var text = await host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("ecml_model_data_to_timestamp_seconds{", text, StringComparison.Ordinal);
        Assert.Contains($"ecml_model_metric{{model=\"churn\",version=\"{TestModels.V1}\",metric=\"auc\"}} 0.81", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountRequestsPerEndpointAndModel()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        await host.Client.GetAsync("/v1/recommendations/c1", TestContext.Current.CancellationToken);
        await host.Client.GetAsync("/v1/recommendations/c2", TestContext.Current.CancellationToken);

        var text = await host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        var line = text.Split('\n').Single(l =>
            l.StartsWith("http_requests_received_total{", StringComparison.Ordinal)
            && l.Contains("endpoint=\"/v1/recommendations/{customerId}\"", StringComparison.Ordinal));
        Assert.Contains("model=\"recs\"", line, StringComparison.Ordinal);
        Assert.EndsWith(" 2", line, StringComparison.Ordinal);
        Assert.Contains("request_predict_seconds_count{model_name=\"recs\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ShowAFailedModelAsNotReadyAndWithoutInfo()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Corrupt(TestModels.Churn, TestModels.V1, Ml.ITrainedModel.FileName);
        await using var host = await TestServerHost.StartAsync(store);
        await host.WaitForSettledAsync(TestModels.Churn);

        var text = await host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Contains("ecml_model_ready{model=\"churn\"} 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ecml_model_info{model=\"churn\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DocumentListsEveryEndpointWithASummary()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var document = await host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/healthz", "/readyz", "/v1/models", "/v1/recommendations/{customerId}",
            "/v1/products/{productId}/similar", "/v1/forecast", "/v1/churn",
            "/v1/recommendations:batch", "/v1/churn:batch", "/v1/events", "/v1/models/{name}", "/v1/models/{name}:predict",
            "/v2", "/v2/health/live", "/v2/health/ready", "/v2/models/{name}", "/v2/models/{name}/versions/{version}",
            "/v2/models/{name}/ready", "/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} missing from the OpenAPI document");
            var operation = item.EnumerateObject().First().Value;
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{path} has no summary");
        }

        var forecast = paths.GetProperty("/v1/forecast").GetProperty("post");
        foreach (var status in new[] { "200", "400", "404", "503" })
        {
            Assert.True(forecast.GetProperty("responses").TryGetProperty(status, out _), $"/v1/forecast does not document {status}");
        }

        Assert.True(forecast.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/nothing-here", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "No endpoint at GET /v1/nothing-here");
    }

    [Fact]
    public async Task UnknownRoute_ForAClientThatTakesNoJson_GetsPlainText()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/nothing-here");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Status Code: 404; Not Found", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("Logging:LogLevel:" + InferenceServiceCollectionExtensions.HostingDiagnosticsCategory, "Information", true)]
    [InlineData("Logging:Console:FormatterOptions:IncludeScopes", "true", true)]
    [InlineData("Logging:Console:FormatterOptions:IncludeScopes", "false", false)]
    public async Task HostingRequestScope_IsOpenedOnlyWhenTheLogConfigurationAsksForIt(string? key, string? value, bool opened)
    {
        var settings = key is null ? null : new Dictionary<string, string?> { [key] = value };
        await using var host = await TestServerHost.StartAsync(
            await TestModels.StoreWithAllAsync(), settings, configure: b => b.Logging.AddProvider(new CapturingLoggerProvider()));

        // Hosting opens the request's scope and Activity exactly when this logger logs at some level.
        var hosting = host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger(InferenceServiceCollectionExtensions.HostingDiagnosticsCategory);

        Assert.Equal(opened, hosting.IsEnabled(LogLevel.Critical));
        Assert.True(host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task WrongMethod_Returns405ProblemPointingAtTheApi()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.DeleteAsync("/v1/forecast", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "DELETE is not allowed on /v1/forecast");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task ModelFailure_Returns500ProblemWithoutExceptionDetails(string environment)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), environment: environment);

        var response = await host.Client.GetAsync($"/v1/recommendations/{FakeRecommender.ExplodingCustomer}", TestContext.Current.CancellationToken);

        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "quote trace id");
        var raw = body.GetRawText();
        Assert.DoesNotContain("secret internals", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", raw, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Json_IsCamelCaseWithEnumsAsStrings()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var raw = await host.Client.GetStringAsync("/v1/models", TestContext.Current.CancellationToken);

        Assert.Contains("\"loadedAt\":", raw, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Loaded\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"LoadedAt\"", raw, StringComparison.Ordinal);
    }
}
