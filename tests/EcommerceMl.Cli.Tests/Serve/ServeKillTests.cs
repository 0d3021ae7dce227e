using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using EcommerceMl.Artifacts.Events;

namespace EcommerceMl.Cli.Tests.Serve;

/// <summary>
/// `ecml serve` as a child process, killed with SIGKILL while it flushes events many times a second: what the sink
/// shows afterwards is only complete objects, every event in them was accepted, and no more is lost than the
/// pending bound allows.
/// </summary>
public sealed class ServeKillTests : IDisposable
{
    private const int MaxPendingBytes = 65_536;
    private readonly string _store = Directory.CreateTempSubdirectory("ecml-serve-kill-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_store, recursive: true);

    [Fact]
    public async Task Serve_KilledDuringFlushes_LeavesOnlyCompleteObjects_AndLosesAtMostThePendingEvents()
    {
        var port = ServeProcess.FreePort();
        using var server = StartServe(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ServeProcess.WaitForHealthAsync(http, () => server.HasExited, () => "", Ct);

        var accepted = new List<string>();
        var posting = Stopwatch.StartNew();
        while (posting.Elapsed < TimeSpan.FromSeconds(2))
        {
            var ids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid().ToString("N")).ToList();
            var response = await http.PostAsJsonAsync("/v1/events", new
            {
                schemaVersion = 2,
                events = ids.Select(id => new { id, type = "product_view", productId = "p1", occurredAt = DateTimeOffset.UtcNow.ToString("O"), sessionId = "s", visitorId = "v" }),
            }, Ct);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.AddRange(ids);
            }
        }

        server.Kill(); // SIGKILL on Linux: no shutdown hook, no final flush
        await server.WaitForExitAsync(Ct);

        var objects = new LocalEventObjects(_store);
        var reader = new EventSinkReader(objects);
        var stored = await reader.ReadAsync(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(1), Ct).Select(e => e.Id).ToListAsync(Ct);
        Assert.NotEmpty(await objects.ListAsync("events", Ct));
        Assert.Equal(0, reader.UnreadableObjects);
        Assert.Subset(accepted.ToHashSet(), stored.ToHashSet());
        var lost = accepted.Count - stored.Count;
        var lineBytes = 150; // an event of this test as a JSON line is longer than this
        Assert.InRange(lost, 0, MaxPendingBytes / lineBytes);
    }

    private Process StartServe(int port)
    {
        var ecml = Path.Combine(AppContext.BaseDirectory, "ecml.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ecml, "serve", "--store", _store, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Ecml__Events__FlushInterval"] = "00:00:00.020",
                ["Ecml__Events__FlushBytes"] = "4096",
                ["Ecml__Events__MaxPendingBytes"] = MaxPendingBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
