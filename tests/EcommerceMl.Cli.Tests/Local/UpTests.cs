using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// `ecml up` end to end: a TrainingJob in a YAML file becomes a real trainer process (`ecml train`)
/// that publishes a version to a temporary store, `ecml get` shows it Succeeded with that version,
/// the files are followed as they change (a TrainingJob with <c>output.deleteArtifactsOnDelete</c>
/// whose file is deleted takes its version with it, through the operator's finalizer), and nothing
/// is left running afterwards.
/// </summary>
public sealed class UpTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-up-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Up_TrainsATrainingJobAsAChildProcess_AndGetShowsItSucceededWithItsVersion()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var resources = Directory.CreateDirectory(Path.Combine(_folder, "resources")).FullName;
        var state = Path.Combine(_folder, "state");
        var store = Path.Combine(_folder, "store");
        await File.WriteAllTextAsync(Path.Combine(resources, "train.yaml"), TrainingJobYaml("recs-1", deleteArtifacts: true), cancellationToken);
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var up = Task.Run(() => LocalMode.RunAsync(
            new LocalModeOptions { ResourcePath = resources, Store = store, StateFolder = state, Command = LocalProcesses.Ecml, Rescan = TimeSpan.FromMilliseconds(500) },
            TextWriter.Synchronized(output), NullLoggerFactory.Instance, stop.Token), CancellationToken.None);

        var trained = await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(LocalProcesses.Resource(state, "trainingjobs", "recs-1")),
            tj => tj?["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed",
            TimeSpan.FromMinutes(3),
            tj => $"recs-1 did not finish: {tj?["status"]?.ToJsonString()}\n{output}");

        Assert.Equal("Succeeded", trained!["status"]!["phase"]!.GetValue<string>());
        var version = trained["status"]!["modelVersion"]!.GetValue<string>();
        var published = await ModelStores.Open(store).ListVersionsAsync("recs", cancellationToken);
        Assert.Equal(version, Assert.Single(published).Version);
        Assert.Equal("default/recs-1", published[0].TrainingJob);

        var (exit, table, _) = await Ecml.RunAsync("get", "tj", "--state", state);
        Assert.Equal(0, exit);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+MODEL\s+TASK\s+PHASE\s+VERSION\s+GATE\s+AGE$", lines[0]);
        Assert.Matches($@"^recs-1\s+recs\s+recommendation\s+Succeeded\s+{version}\s+\d+[smh]", lines[1]);

        // A second TrainingJob added to the file is picked up; removing the file deletes both, and recs-1's version with it.
        await File.AppendAllTextAsync(Path.Combine(resources, "train.yaml"), "---\n" + TrainingJobYaml("recs-2", suspend: true), cancellationToken);
        await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(LocalProcesses.Resource(state, "trainingjobs", "recs-2")),
            tj => tj?["status"]?["phase"]?.GetValue<string>() == "Suspended",
            TimeSpan.FromMinutes(1),
            tj => $"recs-2 is not Suspended: {tj?.ToJsonString()}\n{output}");
        File.Delete(Path.Combine(resources, "train.yaml"));
        await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(LocalState.Read(state)?["trainingjobs"]?.AsArray().Count),
            count => count == 0,
            TimeSpan.FromMinutes(1),
            count => $"{count} TrainingJobs left after their file was deleted\n{output}");
        Assert.Empty(await ModelStores.Open(store).ListVersionsAsync("recs", cancellationToken));

        await stop.CancelAsync();
        await up.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        Assert.Empty(LocalProcesses.Mentioning(store));
        Assert.False(LocalState.Read(state)!["running"]!.GetValue<bool>());
        Assert.Contains("trainingjob.ml.ecommerce.dev/recs-1 deleted", output.ToString(), StringComparison.Ordinal);
    }

    private static string TrainingJobYaml(string name, bool suspend = false, bool deleteArtifacts = false) => $"""
        apiVersion: ml.ecommerce.dev/v1alpha1
        kind: TrainingJob
        metadata:
          name: {name}
        spec:
          model: recs
          task: recommendation
          algorithm: popularity
          dataSource:
            synthetic: {"{}"}
          evaluation:
            holdoutDays: 28
          output:
            deleteArtifactsOnDelete: {(deleteArtifacts ? "true" : "false")}
          runPolicy:
            backoffLimit: 0
            suspend: {(suspend ? "true" : "false")}

        """;
}
