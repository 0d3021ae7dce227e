using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Tests.Dashboard;

namespace EcommerceMl.Operator.Tests.Support.Prometheus;

/// <summary>One scrape job: a target's address and the labels Kubernetes discovery (or a ServiceMonitor) would give it.</summary>
internal sealed record ScrapeJob(string Name, string Target, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// A real Prometheus (the Debian package) scraping the given targets every second, with its own storage in the test's
/// folder. Skips the test without the binary, fails on CI=1 (make test installs it). Disposing stops it.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus";

    private PrometheusServer(ChildProcess process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public ChildProcess Process { get; }

    public Uri Address { get; }

    /// <summary>Skips (or, on CI, fails) the test when the binary is missing.</summary>
    public static void Require()
    {
        if (File.Exists(Binary))
        {
            return;
        }

        var why = $"{Binary} is not installed: apt-get install -y --no-install-recommends prometheus (make test does this: scripts/test-setup.sh).";
        Assert.SkipWhen(Environment.GetEnvironmentVariable("CI") != "1", why);
        Assert.Fail($"CI=1 but {why}");
    }

    /// <summary>Prometheus scraping <paramref name="jobs"/> every <paramref name="scrapeInterval"/> (1 s unless said), its config and storage under <paramref name="folder"/>.</summary>
    public static PrometheusServer Start(string folder, IEnumerable<ScrapeJob> jobs, TimeSpan? scrapeInterval = null)
    {
        Require();
        var port = ChildProcess.FreePort();
        var interval = $"{(int)(scrapeInterval ?? TimeSpan.FromSeconds(1)).TotalMilliseconds}ms";
        var config = new StringBuilder($"""
            global:
              scrape_interval: {interval}
              evaluation_interval: {interval}
            scrape_configs:

            """);
        foreach (var job in jobs)
        {
            var labels = string.Join(", ", job.Labels.Select(l => $"{l.Key}: {JsonSerializer.Serialize(l.Value)}"));
            config.Append(CultureInfo.InvariantCulture, $"""
                  - job_name: {job.Name}
                    static_configs:
                      - targets: ["{job.Target}"]
                        labels: {"{"}{labels}{"}"}

                """);
        }

        var file = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(file, config.ToString());
        var process = ChildProcess.Start(Binary, [
            $"--config.file={file}", $"--storage.tsdb.path={Path.Combine(folder, "tsdb")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ], new Dictionary<string, string>(), "prometheus");
        return new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Polls an instant query until it returns at least one sample or <paramref name="deadline"/> passes; the count and the last answer.</summary>
    public async Task<(int Count, string Last)> QueryUntilDataAsync(HttpClient http, string expr, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + deadline;
        var last = "no answer yet";
        while (DateTime.UtcNow < until)
        {
            try
            {
                var response = await http.GetAsync(new Uri(Address, $"/api/v1/query?query={Uri.EscapeDataString(expr)}"), cancellationToken);
                last = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
                {
                    return (0, last); // a syntax error does not heal
                }

                var result = JsonNode.Parse(last)?["data"]?["result"]?.AsArray();
                if (result is { Count: > 0 })
                {
                    return (result.Count, last);
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (JsonException)
            {
                // Prometheus answers "Service Unavailable" in plain text until its storage is ready: keep polling.
            }

            await Task.Delay(500, cancellationToken);
        }

        return (0, last);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
