using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// What a newcomer runs: `ecml up -f examples/` on the repository's own examples trains the
/// TrainingJob as a child process, serves every ModelDeployment as an inference process once the
/// version exists, and `ecml get` shows Succeeded and Ready with a local URL that answers.
/// </summary>
public sealed class UpExamplesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-up-examples-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task UpOnTheExamples_TrainsAndServes_AndGetShowsSucceededAndReady()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var examples = Path.Combine(_folder, "examples");
        CopyExamples(examples);
        var state = Path.Combine(_folder, "state");
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var up = Task.Run(() => LocalMode.RunAsync(
            new LocalModeOptions { ResourcePath = examples, Store = Path.Combine(_folder, "store"), StateFolder = state, Command = LocalProcesses.Ecml },
            TextWriter.Synchronized(output), NullLoggerFactory.Instance, stop.Token), CancellationToken.None);
        try
        {
            var deployments = Directory.GetFiles(examples, "modeldeployment-*.yaml").Select(ResourceName).ToList();
            Assert.NotEmpty(deployments);
            foreach (var name in deployments)
            {
                var ready = await LocalProcesses.EventuallyAsync(
                    () => Task.FromResult(LocalProcesses.Resource(state, "modeldeployments", name)),
                    md => Condition(md, "Ready") == "True",
                    TimeSpan.FromMinutes(4),
                    md => $"{name} is not Ready: {md?["status"]?.ToJsonString()}\n{output}");
                var status = ready!["status"]!;
                using var http = new HttpClient();
                var models = await http.GetFromJsonAsync<JsonObject>(new Uri(new Uri(status["endpoint"]!.GetValue<string>()), "/v1/models"), cancellationToken);
                var answered = models!["models"]![0]!["version"]!.GetValue<string>();
                Assert.True(Serves(status, answered), $"{name}'s endpoint answered {answered}, which its status does not say serves: {status.ToJsonString()}");
            }

            var (tjExit, trainingJobs, _) = await Ecml.RunAsync("get", "tj", "--state", state);
            var (mdExit, modelDeployments, _) = await Ecml.RunAsync("get", "mdep", "--state", state);
            Assert.Equal((0, 0), (tjExit, mdExit));
            Assert.Matches(@"\n\S+\s+\S+\s+recommendation\s+Succeeded\s+\d{8}T\d{6}Z-[0-9a-f]{6}\s", trainingJobs);
            Assert.All(deployments, name => Assert.Matches($@"\n{name}\s+\S+\s+\d{{8}}T\d{{6}}Z-[0-9a-f]{{6}}\s+True\s+http://127\.0\.0\.1:\d+\s", modelDeployments));
        }
        finally
        {
            await stop.CancelAsync();
            await up.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }

        Assert.Empty(LocalProcesses.Mentioning(_folder));
    }

    /// <summary>
    /// Whether the status says <paramref name="version"/> answers requests. Settled (<c>UpToDate</c>), only
    /// <c>currentVersion</c> does. In a transition its Pods are mixed: the examples' Model and TrainingJob both publish a
    /// version, so a ModelDeployment on <c>latest</c> may be rolling from one to the other — a rolling update serves
    /// current and candidate, a canary just promoted is <c>currentVersion</c> while the stable Deployment still moves
    /// over from <c>previousVersion</c> (docs/operator.md: currentVersion is "what serves once any rollout settles").
    /// Comparing with <c>currentVersion</c> alone failed under load, in that window.
    /// </summary>
    private static bool Serves(JsonNode status, string version)
    {
        string? Field(string name) => status[name]?.GetValue<string>();
        return status["modelStatus"]?["transitionStatus"]?.GetValue<string>() == "UpToDate"
            ? version == Field("currentVersion")
            : version == Field("currentVersion") || version == Field("candidateVersion") || version == Field("previousVersion");
    }

    private static string? Condition(JsonNode? resource, string type) =>
        resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();

    private static string ResourceName(string file) =>
        File.ReadLines(file).SkipWhile(l => !l.StartsWith("metadata:", StringComparison.Ordinal)).Select(l => l.Trim())
            .First(l => l.StartsWith("name:", StringComparison.Ordinal))["name:".Length..].Trim();

    /// <summary>The repository's examples/, copied so the run writes nothing into the checkout.</summary>
    private static void CopyExamples(string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Find(), "examples"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
