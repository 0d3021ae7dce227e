using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// What the canary tests in local mode share: a temporary folder holding a shop's CSVs, a model store, the resource
/// folder `ecml up` watches (one ModelDeployment file, <c>recs.yaml</c>) and local mode's state; training into the
/// store from the shop (in-process, as `ecml train`), `ecml up --listen` until the gateway serves, moving the
/// ModelDeployment by rewriting its file, and reading it back from the state. Disposing deletes the folder.
/// </summary>
internal sealed partial class LocalCanaryMode(string prefix) : IDisposable
{
    public const string Model = "recs";

    /// <summary>The most any wait of these tests takes (a bound, not a timing assertion).</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    public string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Store => Path.Combine(Folder, "store");

    public string ShopFolder => Path.Combine(Folder, "shop");

    public string State => Path.Combine(Folder, "state");

    private string Resources => Path.Combine(Folder, "resources");

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>Trains a recommendation model of the shop with <paramref name="arguments"/> (<c>--algorithm …</c>, <c>--hp …</c>); returns the new version.</summary>
    public async Task<string> TrainAsync(params IEnumerable<string> arguments)
    {
        var store = ModelStores.Open(Store);
        var before = await store.ListVersionIdsAsync(Model, TestContext.Current.CancellationToken);
        var (exit, _, error) = await Ecml.RunAsync(["train", "--task", "recommendation", .. arguments, "--data", ShopFolder, "--store", Store, "--model", Model]);
        Assert.True(exit == 0, error);
        return (await store.ListVersionIdsAsync(Model, TestContext.Current.CancellationToken)).Except(before).Single();
    }

    /// <summary>The ModelDeployment as local mode's state holds it, or null.</summary>
    public JsonNode? Deployment() => LocalProcesses.Resource(State, "modeldeployments", Model);

    public static string? Text(JsonNode? node) => node?.GetValue<string>();

    /// <summary>Local mode on <paramref name="yaml"/>, once the gateway says it serves: its address, its output, and how to stop it.</summary>
    public async Task<(string Url, StringWriter Output, Func<Task> Stop)> UpAsync(string yaml)
    {
        Directory.CreateDirectory(Resources);
        await MoveToAsync(yaml);
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        var stop = new CancellationTokenSource();
        var up = Task.Run(() => LocalMode.RunAsync(
            new LocalModeOptions { ResourcePath = Resources, Store = Store, StateFolder = State, Command = LocalProcesses.Ecml, Listen = "http://127.0.0.1:0", Rescan = TimeSpan.FromSeconds(1) },
            log, NullLoggerFactory.Instance, stop.Token), CancellationToken.None);
        var serving = await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(ServingOn().Match(output.ToString())),
            match => match.Success,
            Bound,
            _ => $"the gateway never said the ModelDeployment is ready:\n{output}");
        return (serving.Groups["url"].Value, output, async () =>
        {
            await stop.CancelAsync();
            await up.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            stop.Dispose();
        });
    }

    /// <summary>Rewrites the ModelDeployment's file: local mode picks it up at its next rescan, as `kubectl apply`.</summary>
    public Task MoveToAsync(string yaml) => File.WriteAllTextAsync(Path.Combine(Resources, "recs.yaml"), yaml, TestContext.Current.CancellationToken);

    [GeneratedRegex(@"^Serving on (?<url>http://127\.0\.0\.1:\d+)\.", RegexOptions.Multiline)]
    private static partial Regex ServingOn();
}
