using System.Text.Json.Nodes;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>`ecml get` over a state file written as `ecml up` writes it.</summary>
public sealed class GetCommandTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("ecml-get-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task Get_PrintsTheTableTheNamedObjectAndItsYaml()
    {
        await WriteStateAsync();

        var (exit, table, _) = await Ecml.RunAsync("get", "trainingjobs", "--state", _state);
        var (_, json, _) = await Ecml.RunAsync("get", "tj", "recs-1", "-o", "json", "--state", _state);
        var (_, yaml, _) = await Ecml.RunAsync("get", "trainingjob", "recs-1", "-o", "yaml", "--state", _state);

        Assert.Equal(0, exit);
        Assert.Matches(@"^NAME\s+MODEL\s+TASK\s+PHASE\s+VERSION\s+GATE\s+AGE\nrecs-1\s+recs\s+recommendation\s+Succeeded\s+20261123T114000Z-1a2b3c\s+\d+[smhdy]", table);
        Assert.Equal("20261123T114000Z-1a2b3c", JsonNode.Parse(json)!["status"]!["modelVersion"]!.GetValue<string>());
        Assert.Contains("kind: TrainingJob\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  modelVersion: 20261123T114000Z-1a2b3c\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WhenNothingMatches_SaysSoLikeKubectl()
    {
        await WriteStateAsync();

        var (emptyExit, emptyOutput, emptyError) = await Ecml.RunAsync("get", "mdep", "--state", _state);
        var (missingExit, _, missingError) = await Ecml.RunAsync("get", "tj", "nope", "--state", _state);

        Assert.Equal((0, string.Empty), (emptyExit, emptyOutput));
        Assert.Contains("No resources found in default namespace.", emptyError, StringComparison.Ordinal);
        Assert.Equal(1, missingExit);
        Assert.Contains("Error from server (NotFound): trainingjobs.ml.ecommerce.dev \"nope\" not found", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutState_SaysHowToStartLocalMode()
    {
        var (exit, _, error) = await Ecml.RunAsync("get", "tj", "--state", Path.Combine(_state, "never"));

        Assert.Equal(1, exit);
        Assert.Contains("start it with `ecml up -f examples/`", error, StringComparison.Ordinal);
    }

    private async Task WriteStateAsync()
    {
        var cluster = new LocalCluster(TimeProvider.System);
        await cluster.CreateAsync(new TrainingJob
        {
            Metadata = new V1ObjectMeta { Name = "recs-1", NamespaceProperty = "default" },
            Spec = new TrainingJobSpec { Model = "recs", Task = "recommendation", DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } },
        }, TestContext.Current.CancellationToken);
        await cluster.UpdateStatusAsync<TrainingJob>("default", "recs-1", t => t.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Succeeded, ModelVersion = "20261123T114000Z-1a2b3c" });
        LocalState.Write(_state, LocalState.Snapshot(cluster, running: true, DateTimeOffset.UtcNow));
    }
}
