using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcommerceMl.Operator.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// The loop `make run` shows, end to end in local mode with real child processes: `ecml up -f examples/local
/// --listen` trains the three Models, serves them behind one address; quiet shopper traffic (`ecml simulate`)
/// makes no recommendation run, also in the monitoring rounds that see it part-way; shifted traffic is found as drift, a DriftDetected run trains on the shop plus the
/// events, and its version is rolled out, so the served model now knows the new product range.
/// </summary>
public sealed partial class MakeRunLoopTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-make-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ShiftedTraffic_IsFoundAsDrift_RetrainedOn_AndRolledOut_WhileQuietTrafficStartsNoRun()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var examples = Path.Combine(_folder, "examples");
        Directory.CreateDirectory(examples);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Find(), "examples", "local"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(examples, Path.GetFileName(file)));
        }

        var state = Path.Combine(_folder, "state");
        var store = Path.Combine(_folder, "store");
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        // The synchronized writer locks itself while writing: reading the text under the same lock, or a write
        // growing the StringBuilder meanwhile tears the read.
        string Output()
        {
            lock (log)
            {
                return output.ToString();
            }
        }

        using var stop = new CancellationTokenSource();
        var up = Task.Run(() => LocalMode.RunAsync(
            new LocalModeOptions { ResourcePath = examples, Store = store, StateFolder = state, Command = LocalProcesses.Ecml, Listen = "http://127.0.0.1:0" },
            log, NullLoggerFactory.Instance, stop.Token), CancellationToken.None);
        try
        {
            var gateway = await LocalProcesses.EventuallyAsync(
                () => Task.FromResult(ServingOn().Match(Output())),
                match => match.Success,
                Bound,
                _ => $"the gateway never said every ModelDeployment is ready:\n{Output()}");
            var url = gateway.Groups["url"].Value;
            var served = CurrentVersion(state);

            var quiet = await Ecml.RunAsync("simulate", "--url", url, "--rate", "100", "--requests", "1600", "--seed", "3");
            Assert.Equal(0, quiet.Exit);
            // Two monitoring rounds of the recommendation Model that saw all the quiet traffic, however long the
            // loaded machine takes to flush the events and run them; the rounds during the traffic saw part of it.
            var accepted = long.Parse(Accepted().Match(quiet.Output).Groups["n"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            await LocalProcesses.EventuallyAsync(
                () => Task.FromResult(ReportsOf(store, served!)),
                reports => reports.Count(r => r.Events >= accepted) >= 2,
                Bound,
                reports => $"no two monitoring reports saw the {accepted:N0} quiet events (reports saw {string.Join(", ", reports.Select(r => r.Events))}):\n{Output()}");
            Assert.DoesNotContain(RunsOf(state), run => run.StartsWith("shop-recommendations-drift-", StringComparison.Ordinal));
            Assert.Equal(served, CurrentVersion(state));

            var shifted = await Ecml.RunAsync("simulate", "--url", url, "--shift", "--rate", "100", "--requests", "1600", "--seed", "4");
            Assert.Equal(0, shifted.Exit);
            var rolledOut = await LocalProcesses.EventuallyAsync(
                () => Task.FromResult(CurrentVersion(state)),
                version => version is not null && version != served && DriftRunVersions(state).Contains(version),
                Bound,
                version => $"no DriftDetected version was rolled out (serving {version}):\n{Output()}");

            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var similar = await http.GetAsync("/v1/products/NEW-001/similar?k=3", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, similar.StatusCode);
            Assert.Contains(rolledOut!, await similar.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
            Assert.Matches(@"DriftDetected\s+model/shop-recommendations: input drift in [^\n]*purchased_product", Output());
        }
        finally
        {
            await stop.CancelAsync();
            await up.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }

        Assert.Empty(LocalProcesses.Mentioning(_folder));
    }

    private static string? CurrentVersion(string state) =>
        LocalProcesses.Resource(state, "modeldeployments", "shop-recommendations")?["status"]?["currentVersion"]?.GetValue<string>();

    /// <summary>The monitoring reports written beside a version, each with the number of events it saw since the version's data.</summary>
    private static List<(string File, long Events)> ReportsOf(string store, string version)
    {
        var folder = Path.Combine(store, "models", "shop-recommendations", "versions", version, "monitoring");
        var reports = new List<(string, long)>();
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json") : [])
        {
            try
            {
                reports.Add((file, JsonNode.Parse(File.ReadAllText(file))?["newData"]?["events"]?.GetValue<long>() ?? 0));
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // Being written: the next poll reads it.
            }
        }

        return reports;
    }

    private static IEnumerable<string> RunsOf(string state) =>
        (LocalProcesses.Snapshot(state)?["trainingjobs"]?.AsArray() ?? []).Select(t => t?["metadata"]?["name"]?.GetValue<string>()).OfType<string>();

    private static HashSet<string> DriftRunVersions(string state) =>
        [.. (LocalProcesses.Snapshot(state)?["trainingjobs"]?.AsArray() ?? [])
            .Where(t => t?["metadata"]?["name"]?.GetValue<string>()?.StartsWith("shop-recommendations-drift-", StringComparison.Ordinal) == true)
            .Select(t => t?["status"]?["modelVersion"]?.GetValue<string>()).OfType<string>()];

    [GeneratedRegex(@"events: [\d,]+ sent, (?<n>[\d,]+) accepted")]
    private static partial Regex Accepted();

    [GeneratedRegex(@"^Serving on (?<url>http://127\.0\.0\.1:\d+)\.", RegexOptions.Multiline)]
    private static partial Regex ServingOn();
}
