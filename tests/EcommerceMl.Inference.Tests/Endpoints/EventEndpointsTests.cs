using EcommerceMl.Inference.Events;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class EventEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_ValidBatch_IsAcceptedBufferedAndCountedByType()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/events", """
            {"events": [
              {"type": "view", "customerId": "c1", "productId": "p1", "occurredAt": "2026-11-23T01:00:00Z"},
              {"type": "add_to_cart", "customerId": "c1", "productId": "p1"},
              {"type": "purchase", "customerId": "c1", "productId": "p1"},
              {"type": "view", "customerId": "c2", "productId": "p3"}]}
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(4, body.GetProperty("accepted").GetInt32());
        Assert.Equal(4, body.GetProperty("buffered").GetInt32());
        Assert.Equal(0, body.GetProperty("dropped").GetInt64());
        var buffered = host.App.Services.GetRequiredService<EventBuffer>().Snapshot();
        Assert.Equal([ShopEventType.View, ShopEventType.AddToCart, ShopEventType.Purchase, ShopEventType.View], buffered.Select(e => e.Type));
        Assert.Equal(new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc), buffered[0].OccurredAt);
        Assert.Equal(TestServerHost.Now.UtcDateTime, buffered[1].OccurredAt);
        var metrics = await host.Client.GetStringAsync("/metrics", Ct);
        Assert.Contains("ecml_events_ingested_total{type=\"product_view\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("ecml_events_ingested_total{type=\"add_to_cart\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("ecml_events_buffered 4", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_BeyondTheBufferCapacity_KeepTheNewestAndCountTheDropped()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxBufferedEvents"] = "3" });

        await host.Client.PostAsJsonAsync("/v1/events", new { events = Enumerable.Range(1, 5).Select(i => new { type = "view", customerId = $"c{i}", productId = "p1" }) }, Ct);

        var buffer = host.App.Services.GetRequiredService<EventBuffer>();
        Assert.Equal(["c3", "c4", "c5"], buffer.Snapshot().Select(e => e.CustomerId));
        Assert.Equal(2, buffer.Dropped);
    }

    [Theory]
    [InlineData("""{"events": []}""", "events is required")]
    [InlineData("""{"events": [{"type": "click", "customerId": "c1", "productId": "p1"}]}""", "events[0].type must be one of view, add_to_cart, purchase; got 'click'")]
    [InlineData("""{"events": [{"type": "view", "productId": "p1"}]}""", "events[0].customerId is required")]
    [InlineData("""{"events": [{"type": "view", "customerId": "c1", "productId": "p1"}, {"type": "view", "customerId": "c1"}]}""", "events[1].productId is required")]
    [InlineData("""{"events": [{"type": "view", "customerId": "c1", "productId": "p1", "occurredAt": "2030-01-01T00:00:00Z"}]}""", "events[0].occurredAt (2030-01-01T00:00:00.0000000+00:00) is in the future")]
    [InlineData("""{"events": [{"type": "view", "customerId": "c1", "productId": "p1", "occurredAt": "yesterday"}]}""", "events[0].occurredAt must be ISO 8601 with its offset (e.g. 2026-12-06T09:30:00+01:00 or ...Z); got 'yesterday'")]
    [InlineData("""{"events": [null]}""", "events[0] is null")]
    public async Task Events_WithBadEvent_RefusesTheBatchNamingIt(string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/events", json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
        Assert.Equal(0, host.App.Services.GetRequiredService<EventBuffer>().Count);
    }
}
