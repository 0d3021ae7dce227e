using System.Diagnostics;
using System.Net.Sockets;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>
/// A real Prometheus (the Debian package) scrapes the server's /metrics over loopback, and its query API
/// must then return the server's own series. Skips with the install line when prometheus is absent, except
/// under CI=1, where make test installs it and its absence is a failure (<see cref="MachineTool"/>).
/// </summary>
public sealed class PrometheusScrapeTests
{
    private static readonly TimeSpan QueryDeadline = TimeSpan.FromSeconds(45);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_ScrapingMetrics_SeesModelInfoAndIngestedEvents()
    {
        var binary = MachineTool.Require("/usr/bin/prometheus", "apt-get install -y --no-install-recommends prometheus");
        await using var server = await LoopbackServer.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var target = server.Address;
        using var http = new HttpClient();
        var ingest = await http.PostAsJsonAsync(new Uri(target, "/v1/events"), new
        {
            events = new[]
            {
                new { type = "view", customerId = "c1", productId = "p1" },
                new { type = "view", customerId = "c2", productId = "p2" },
                new { type = "purchase", customerId = "c1", productId = "p1" },
            },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);

        var folder = Directory.CreateTempSubdirectory("ecml-prometheus-");
        var port = FreePort();
        var config = Path.Combine(folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: ecml-inference
                static_configs:
                  - targets: ["{target.Authority}"]
            """, Ct);
        using var prometheus = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = prometheus.StandardError.ReadToEndAsync(Ct);
        try
        {
            var api = new Uri($"http://127.0.0.1:{port}/api/v1/query");
            var views = await QueryAsync(http, api, "ecml_events_ingested_total{type=\"product_view\"}", prometheus, stderr);
            Assert.Equal("2", views.Single().GetProperty("value")[1].GetString());
            var info = await QueryAsync(http, api, "ecml_model_info", prometheus, stderr);
            Assert.Equal(
                [TestModels.Churn, TestModels.Recs, TestModels.Sales],
                info.Select(s => s.GetProperty("metric").GetProperty("model").GetString()).Order(StringComparer.Ordinal));
            var up = await QueryAsync(http, api, "up{job=\"ecml-inference\"}", prometheus, stderr);
            Assert.Equal("1", up.Single().GetProperty("value")[1].GetString());
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync(CancellationToken.None);
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Polls the query API until the series appear (the first scrape lands a few seconds after start).</summary>
    private static async Task<List<JsonElement>> QueryAsync(HttpClient http, Uri api, string query, Process prometheus, Task<string> stderr)
    {
        var deadline = DateTime.UtcNow + QueryDeadline;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (prometheus.HasExited)
            {
                Assert.Fail($"prometheus exited with {prometheus.ExitCode}: {await stderr}");
            }

            try
            {
                var body = await http.GetFromJsonAsync<JsonElement>($"{api}?query={Uri.EscapeDataString(query)}", Ct);
                var result = body.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
                if (result.Count > 0)
                {
                    return result;
                }

                last = body.GetRawText();
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(250, Ct);
        }

        Assert.Fail($"Prometheus returned no series for {query} within {QueryDeadline.TotalSeconds} s; last answer: {last}");
        return [];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
