using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Events;

namespace EcommerceMl.Inference.Tests.Events;

/// <summary>POST /v1/events through to the sink: v2 batches with bad items, v1 bodies, back-pressure, the graceful stop.</summary>
public sealed class EventIngestionTests : IDisposable
{
    private readonly string _sink = Directory.CreateTempSubdirectory("ecml-sink-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_sink, recursive: true);

    [Fact]
    public async Task V2Batch_WithBadItems_KeepsTheGoodOnes_AndSaysWhichWereRefusedAndWhy()
    {
        var host = await StartAsync();
        HttpResponseMessage response;
        await using (host)
        {
            response = await host.Client.PostJsonAsync("/v1/events", """
                {"schemaVersion": 2, "events": [
                  {"id": "e1", "type": "product_view", "occurredAt": "2026-11-23T02:59:00+01:00", "sessionId": "s1", "visitorId": "v1", "productId": "p1", "source": {"page": "/home", "position": 0}, "recommendationId": "r1", "utm": "mail"},
                  {"id": "e2", "type": "search", "occurredAt": "2026-11-23T03:00:00+01:00", "sessionId": "s1", "visitorId": "v1"},
                  null,
                  {"id": "e4", "type": "purchase", "occurredAt": "2026-11-23T03:01:00+01:00", "sessionId": "s1", "customerId": "c1", "visitorId": "v1", "orderId": "o1",
                   "lines": [{"productId": "p1", "quantity": 2, "unitPrice": 12.5}, {"productId": "p3", "quantity": 1, "unitPrice": 3}]}]}
                """);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(2, body.GetProperty("accepted").GetInt32());
            var refused = body.GetProperty("refused").EnumerateArray().ToList();
            Assert.Equal([1, 2], refused.Select(r => r.GetProperty("index").GetInt32()));
            Assert.Equal("e2", refused[0].GetProperty("id").GetString());
            Assert.Equal(
                ["events[1].query", "events[1].resultCount"],
                refused[0].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Order());
            Assert.Equal(3, host.App.Services.GetRequiredService<EventBuffer>().Count); // a view and two purchase lines for drift
        }

        var stored = await ReadSinkAsync();
        Assert.Equal(["e1", "e4"], stored.Select(e => e.Id));
        Assert.Equal("mail", stored[0].Properties!["utm"].GetString());
        Assert.Equal(("r1", 0), (stored[0].RecommendationId, stored[0].Source!.Position));
        Assert.Equal(TimeSpan.FromHours(1), stored[0].OccurredAt.Offset);
        Assert.Equal(2, stored[1].Lines!.Count);
        Assert.All(stored, e => Assert.Null(e.ClientIp));
        Assert.All(stored, e => Assert.Null(e.UserAgent));
    }

    [Fact]
    public async Task V1Body_StillWorks_AndReachesTheSinkAsV1Events()
    {
        await using (var host = await StartAsync())
        {
            var response = await host.Client.PostJsonAsync("/v1/events", """
                {"events": [{"type": "view", "customerId": "c1", "productId": "p1"}, {"type": "purchase", "customerId": "c1", "productId": "p1"}]}
                """);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(2, body.GetProperty("accepted").GetInt32());
            Assert.False(body.TryGetProperty("refused", out _));
        }

        var stored = await ReadSinkAsync();
        Assert.Equal([EventSchema.ProductView, EventSchema.Purchase], stored.Select(e => e.Type));
        Assert.All(stored, e => Assert.Equal(EventSchema.V1, e.SchemaVersion));
        Assert.Equal(2, stored.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task ClientAddressAndAgent_AreStoredOnlyWhenConfigured()
    {
        await using (var host = await StartAsync(new() { ["Ecml:Events:StoreUserAgent"] = "true" }))
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events")
            {
                Content = new StringContent(
                    """{"schemaVersion": 2, "events": [{"id": "e1", "type": "custom", "name": "n", "occurredAt": "2026-11-23T02:00:00Z", "sessionId": "s", "visitorId": "v"}]}""",
                    System.Text.Encoding.UTF8,
                    "application/json"),
            };
            request.Headers.UserAgent.ParseAdd("shop-test/1.0");
            await host.Client.SendAsync(request, Ct);
        }

        var stored = Assert.Single(await ReadSinkAsync());
        Assert.Equal("shop-test/1.0", stored.UserAgent);
        Assert.Null(stored.ClientIp);
    }

    [Fact]
    public async Task FullSinkBuffer_Answers503WithRetryAfter_AndTakesNothingOfTheRequest()
    {
        var blocked = Path.Combine(_sink, "a-file");
        await File.WriteAllTextAsync(blocked, "not a folder", Ct);
        await using var host = await StartAsync(new()
        {
            ["Ecml:Events:Sink"] = blocked, // every write fails: the sink is unreachable
            ["Ecml:Events:MaxPendingBytes"] = "65536",
            ["Ecml:Events:FlushBytes"] = "1024",
            ["Ecml:Events:FlushInterval"] = "00:00:02",
        });
        var batch = new
        {
            schemaVersion = 2,
            events = Enumerable.Range(0, 100).Select(i => new { id = Guid.NewGuid().ToString("N"), type = "custom", name = "n", occurredAt = "2026-11-23T02:00:00Z", sessionId = "s", visitorId = "v" }),
        };

        HttpResponseMessage response;
        var posts = 0;
        do
        {
            response = await host.Client.PostAsJsonAsync("/v1/events", batch, Ct);
            posts++;
        }
        while (response.StatusCode == HttpStatusCode.Accepted && posts < 100);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        var sink = host.App.Services.GetRequiredService<EventSink>();
        Assert.Equal((posts - 1) * 100, sink.PendingEvents);
        Assert.InRange(sink.PendingBytes, 1, 65536);
        var metrics = await host.Client.GetStringAsync("/metrics", Ct);
        Assert.Contains("ecml_events_sink_refused 100", metrics, StringComparison.Ordinal);
        Assert.Contains($"ecml_events_sink_pending {(posts - 1) * 100}", metrics, StringComparison.Ordinal);
    }

    private Task<TestServerHost> StartAsync(Dictionary<string, string?>? settings = null) => TestModels.StoreWithAllAsync().ContinueWith(
        async store => await TestServerHost.StartReadyAsync(await store, new Dictionary<string, string?>
        {
            ["Ecml:Events:Sink"] = _sink,
            ["Ecml:Events:FlushInterval"] = "01:00:00", // only the graceful stop flushes
        }.Concat(settings ?? []).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)),
        TaskScheduler.Default).Unwrap();

    private async Task<List<ShopEventRecord>> ReadSinkAsync() =>
        await new EventSinkReader(new LocalEventObjects(_sink)).ReadAsync(TestServerHost.Now.AddDays(-1), TestServerHost.Now.AddDays(1), Ct).ToListAsync(Ct);
}
