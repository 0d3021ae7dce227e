using System.Net;
using System.Net.Http.Json;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Cli.Tests.Local;
using EcommerceMl.Operator.Local;

namespace EcommerceMl.Cli.Tests.Serve;

/// <summary>
/// `ecml serve` as local mode runs it (a replica of a Deployment): stopped by closing its lifeline, as a rollout
/// stops the old replica, it stops as a Pod does on SIGTERM — it finishes what it has, and its event sink writes the
/// events it accepted — instead of exiting on the spot.
/// </summary>
public sealed class ServeLifelineTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("ecml-serve-lifeline-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_store, recursive: true);

    [Fact]
    public async Task Serve_WhenItsLifelineCloses_WritesTheEventsItAccepted_BeforeItExits()
    {
        var port = ServeProcess.FreePort();
        await using var server = ChildProcess.Start(
            LocalProcesses.Ecml,
            ["serve", "--store", _store, "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["Ecml__Events__FlushInterval"] = "01:00:00" }, // nothing is written before the stop
            Path.Combine(_store, "serve.log"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ServeProcess.WaitForHealthAsync(http, () => server.Exited.IsCompleted, () => $": {server.Tail()}", Ct);
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var response = await http.PostAsJsonAsync("/v1/events", new
        {
            schemaVersion = 2,
            events = ids.Select(id => new { id, type = "product_view", productId = "p1", occurredAt = DateTimeOffset.UtcNow.ToString("O"), sessionId = "s", visitorId = "v" }),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await server.StopAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(60), Ct); // closes the lifeline; kills only past 30 s
        Assert.True(server.Exited.IsCompleted);

        var stored = await new EventSinkReader(new LocalEventObjects(_store))
            .ReadAsync(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(1), Ct).Select(e => e.Id).ToListAsync(Ct);
        Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }
}
