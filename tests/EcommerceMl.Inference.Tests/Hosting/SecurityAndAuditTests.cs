using System.Globalization;
using EcommerceMl.Inference.Observability;

namespace EcommerceMl.Inference.Tests.Hosting;

public sealed class SecurityAndAuditTests
{
    private const string Key = "test-key-0123456789abcdef";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<TestServerHost> StartWithKeyAsync(InMemoryModelStore store) =>
        TestServerHost.StartReadyAsync(store, new Dictionary<string, string?> { ["Ecml:Inference:ApiKey"] = Key });

    [Fact]
    public async Task ApiKey_WhenConfigured_RefusesRequestsWithoutIt()
    {
        await using var host = await StartWithKeyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/recommendations/c1", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "send it in the X-Api-Key header");
    }

    [Fact]
    public async Task ApiKey_WhenWrong_Returns401SayingItIsNotValid()
    {
        await using var host = await StartWithKeyAsync(await TestModels.StoreWithAllAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("X-Api-Key", "guess");

        var response = await host.Client.SendAsync(request, Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "not valid");
    }

    [Fact]
    public async Task ApiKey_OnProtocolRoutes_AnswersWithTheErrorObject()
    {
        await using var host = await StartWithKeyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v2/models/recs", Ct);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task ApiKey_WhenGiven_LetsTheRequestThrough()
    {
        await using var host = await StartWithKeyAsync(await TestModels.StoreWithAllAsync());
        host.Client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v1/recommendations/c1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/models/recs", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/health/ready")]
    public async Task ApiKey_LeavesProbesAndMetricsOpen(string path)
    {
        await using var host = await StartWithKeyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private const string EventsKey = "pk_shop_events_1";

    private static Task<TestServerHost> StartWithEventsKeyAsync(InMemoryModelStore store) =>
        TestServerHost.StartReadyAsync(store, new Dictionary<string, string?>
        {
            ["Ecml:Inference:ApiKey"] = Key,
            ["Ecml:Inference:EventsKey"] = EventsKey,
            ["Ecml:Inference:TrackerOrigins:0"] = "https://shop.example",
            ["Ecml:Events:Sink"] = "none",
        });

    private static HttpRequestMessage PostEvents(string query, string? header = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events" + query)
        {
            Content = new StringContent("""{"schemaVersion":2,"events":[{"id":"e1","type":"page_view","occurredAt":"2026-12-06T09:00:00+01:00","sessionId":"s1","visitorId":"v1"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        if (header is not null)
        {
            request.Headers.Add("X-Events-Key", header);
        }

        return request;
    }

    [Fact]
    public async Task EventsKey_OpensPostEventsAndTheTracker_InTheQueryOrAHeader()
    {
        await using var host = await StartWithEventsKeyAsync(await TestModels.StoreWithAllAsync());

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(PostEvents($"?eventsKey={EventsKey}"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(PostEvents("", header: EventsKey), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/v1/tracker.js?eventsKey={EventsKey}", Ct)).StatusCode);
    }

    [Fact]
    public async Task EventsKey_OpensNothingElse_AndAWrongOneOpensNothing()
    {
        await using var host = await StartWithEventsKeyAsync(await TestModels.StoreWithAllAsync());

        await ProblemAssert.IsProblemAsync(await host.Client.GetAsync($"/v1/recommendations/c1?eventsKey={EventsKey}", Ct), HttpStatusCode.Unauthorized, "events key opens only");
        await ProblemAssert.IsProblemAsync(await host.Client.GetAsync($"/v1/models?eventsKey={EventsKey}", Ct), HttpStatusCode.Unauthorized, "X-Api-Key");
        await ProblemAssert.IsProblemAsync(await host.Client.SendAsync(PostEvents("?eventsKey=guess"), Ct), HttpStatusCode.Unauthorized, "X-Api-Key");
        await ProblemAssert.IsProblemAsync(await host.Client.SendAsync(PostEvents(""), Ct), HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public void EventsKey_EqualToTheApiKey_IsRefused()
    {
        var options = new EcommerceMl.Inference.Options.InferenceOptions { ApiKey = Key, EventsKey = Key };

        var error = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));

        Assert.Contains("EventsKey must differ from ApiKey", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsKey_LetsTheCorsPreflightThrough_ForAnAllowedOriginOnly()
    {
        await using var host = await StartWithEventsKeyAsync(await TestModels.StoreWithAllAsync());

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, $"/v1/events?eventsKey={EventsKey}");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await host.Client.SendAsync(request, Ct);
        }

        var allowed = await PreflightAsync("https://shop.example");
        var other = await PreflightAsync("https://elsewhere.example");

        Assert.Equal("https://shop.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task PredictionLog_SamplesOneInNWithRequestIdModelVersionAndLatency()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartWithPredictionLogAsync(logs, every: 2);

        await GetWithRequestIdsAsync(host, "/v1/recommendations/c1", "req", 4);

        // The lines are written by the log's background reader: wait for them (bounded by the test's cancellation).
        var lines = await PredictionLinesAsync(logs, 2);
        Assert.Equal(2, lines.Count);
        Assert.Contains("req-1", lines[0], StringComparison.Ordinal);
        Assert.Contains("req-3", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l =>
        {
            Assert.Contains($"model recs version {TestModels.V1}", l, StringComparison.Ordinal);
            Assert.Contains("recommendations", l, StringComparison.Ordinal);
            Assert.Contains(" ms", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task PredictionLog_OnCachedAnswers_StillRecordsEachSampledPrediction()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartWithPredictionLogAsync(logs, every: 1);

        await GetWithRequestIdsAsync(host, "/v1/products/p1/similar", "sim", 3);

        var lines = await PredictionLinesAsync(logs, 3);
        Assert.Equal(["sim-0", "sim-1", "sim-2"], lines.Select(l => l.Split(' ')[1]));
        Assert.All(lines, l => Assert.Contains($"similar model recs version {TestModels.V1} took", l, StringComparison.Ordinal));
        Assert.Equal(0, host.App.Services.GetRequiredService<PredictionLog>().Dropped);
    }

    private static async Task<TestServerHost> StartWithPredictionLogAsync(CapturingLoggerProvider logs, int every) =>
        await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(),
            new Dictionary<string, string?> { ["Ecml:Inference:PredictionLogEvery"] = every.ToString(CultureInfo.InvariantCulture) },
            configure: b => b.Logging.AddProvider(logs));

    /// <summary>GETs <paramref name="path"/> <paramref name="count"/> times with request ids "prefix-0", "prefix-1", …</summary>
    private static async Task GetWithRequestIdsAsync(TestServerHost host, string path, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add(PredictionLog.RequestIdHeader, $"{prefix}-{i}");
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request, Ct)).StatusCode);
        }
    }

    private static async Task<List<string>> PredictionLinesAsync(CapturingLoggerProvider logs, int expected)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        while (logs.Lines.Count(l => l.Category == PredictionLog.Category) < expected && !wait.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        return logs.Lines.Where(l => l.Category == PredictionLog.Category).Select(l => l.Message).ToList();
    }

    [Fact]
    public async Task PredictionLog_WhenOff_LogsNothing()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(),
            new Dictionary<string, string?> { ["Ecml:Inference:PredictionLogEvery"] = "0" },
            configure: b => b.Logging.AddProvider(logs));

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v1/recommendations/c1", Ct)).StatusCode);

        Assert.DoesNotContain(logs.Lines, l => l.Category == PredictionLog.Category);
    }
}
