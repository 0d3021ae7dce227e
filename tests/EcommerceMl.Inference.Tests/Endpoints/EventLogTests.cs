using EcommerceMl.Inference.Events;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class EventLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ecml-event-log-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Events_WithAnEventLogDirectory_AreAppendedInTheShopsEventsLayout()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(),
            new Dictionary<string, string?> { ["Ecml:Inference:EventLogDirectory"] = _folder });

        await host.Client.PostJsonAsync("/v1/events", """
            {"events": [{"type": "view", "customerId": "c1", "productId": "p1", "occurredAt": "2026-11-23T01:00:00Z"},
                        {"type": "purchase", "customerId": "c,2", "productId": "p3", "occurredAt": "2026-11-23T01:30:00Z"}]}
            """);
        await host.Client.PostJsonAsync("/v1/events", """{"events": [{"type": "add_to_cart", "customerId": "c1", "productId": "p2", "occurredAt": "2026-11-23T01:45:00Z"}]}""");
        var writer = host.App.Services.GetRequiredService<EventLogWriter>();
        await WaitForAsync(() => writer.WrittenEvents == 3);

        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.Equal("events-000001.csv", Path.GetFileName(file));
        Assert.Equal(
            [
                string.Join(',', ShopCsvFormat.EventColumns),
                "c1,p1,view,2026-11-23 01:00:00",
                "\"c,2\",p3,purchase,2026-11-23 01:30:00",
                "c1,p2,add_to_cart,2026-11-23 01:45:00",
            ],
            await File.ReadAllLinesAsync(file, Ct));
        var metrics = await host.Client.GetStringAsync("/metrics", Ct);
        Assert.Contains("ecml_events_logged 3", metrics, StringComparison.Ordinal);
        Assert.Contains("ecml_events_log_dropped 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventLog_PastTheFileSizeLimit_StartsANewFileAndKeepsAtMostMaxFiles()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(),
            new Dictionary<string, string?>
            {
                ["Ecml:Inference:EventLogDirectory"] = _folder,
                ["Ecml:Inference:EventLogMaxFileBytes"] = "1024",
                ["Ecml:Inference:EventLogMaxFiles"] = "2",
            });
        var events = string.Join(',', Enumerable.Range(0, 40).Select(i => $$"""{"type": "view", "customerId": "customer-{{i}}", "productId": "p1"}"""));

        for (var batch = 0; batch < 4; batch++)
        {
            await host.Client.PostJsonAsync("/v1/events", $$"""{"events": [{{events}}]}""");
        }

        var writer = host.App.Services.GetRequiredService<EventLogWriter>();
        await WaitForAsync(() => writer.WrittenEvents == 160);
        Assert.Equal(["events-000003.csv", "events-000004.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Events_WithoutAnEventLogDirectory_StayInMemoryOnly()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/events", """{"events": [{"type": "view", "customerId": "c1", "productId": "p1"}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var writer = host.App.Services.GetRequiredService<EventLogWriter>();
        Assert.False(writer.Enabled);
        Assert.Equal(0, writer.WrittenEvents);
    }

    [Fact]
    public async Task Metrics_ShowTheBufferedEventMixByType()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        await host.Client.PostJsonAsync("/v1/events", """
            {"events": [{"type": "view", "customerId": "c1", "productId": "p1"}, {"type": "view", "customerId": "c2", "productId": "p2"},
                        {"type": "purchase", "customerId": "c1", "productId": "p1"}]}
            """);
        var metrics = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Contains("ecml_drift_events_buffered{type=\"view\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("ecml_drift_events_buffered{type=\"add_to_cart\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("ecml_drift_events_buffered{type=\"purchase\"} 1", metrics, StringComparison.Ordinal);
    }

    /// <summary>The writer runs in the background: waits for it (bounded), never asserting how long it took.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25, Ct);
        }

        Assert.True(condition(), "The event log writer did not catch up within 10 s.");
    }
}
