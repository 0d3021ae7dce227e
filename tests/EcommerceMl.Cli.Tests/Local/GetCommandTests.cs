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
    public async Task GetModels_PrintsThePrinterColumnsOfTheModelCrd_AndTheObjectAsJsonOrYaml()
    {
        await WriteStateAsync();

        var (exit, table, _) = await Ecml.RunAsync("get", "models", "--state", _state);
        var (_, byShortName, _) = await Ecml.RunAsync("get", "mdl", "recs", "--state", _state);
        var (_, json, _) = await Ecml.RunAsync("get", "model", "recs", "-o", "json", "--state", _state);
        var (_, yaml, _) = await Ecml.RunAsync("get", "models", "-o", "yaml", "--state", _state);
        var (_, wide, _) = await Ecml.RunAsync("get", "models", "-o", "wide", "--state", _state);

        Assert.Equal(0, exit);
        Assert.Matches(@"^NAME\s+TASK\s+SERVABLE\s+DRIFT\s+LAST TRAINED\s+NEXT\s+AGE\nrecs\s+recommendation\s+20261123T114000Z-1a2b3c\s+no drift \(0/3 features\)\s+\d+[smhdy]\s+2026-12-09T02:00:00Z\s+\d+[smhdy]\n$", table);
        Assert.Equal(table, byShortName);
        Assert.Equal("20261123T114000Z-1a2b3c", JsonNode.Parse(json)!["status"]!["servableVersion"]!.GetValue<string>());
        Assert.Contains("kind: List\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  kind: Model\n", yaml, StringComparison.Ordinal);
        Assert.Matches(@"recs-drift-20261206023000\s+DriftDetected", wide);
    }

    [Fact]
    public async Task GetModelDeploymentsWide_ShowsConversionPerVersion_FromTheAnalysisSummary()
    {
        var cluster = new LocalCluster(TimeProvider.System);
        await cluster.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = "recs", NamespaceProperty = "default" },
            Spec = new ModelDeploymentSpec { Model = "recs", Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary } },
        }, TestContext.Current.CancellationToken);
        await cluster.UpdateStatusAsync<ModelDeployment>("default", "recs", m => m.Status = new ModelDeploymentStatus
        {
            CurrentVersion = "20261123T114000Z-1a2b3c",
            CandidateVersion = "20261124T114000Z-4d5e6f",
            Analysis = new CanaryAnalysisStatus
            {
                Version = "20261124T114000Z-4d5e6f",
                Conversion = new ConversionTally { Summary = "canary 3.1% (84/2,701) vs stable 3.4% (92/2,688)" },
            },
        });
        LocalState.Write(_state, LocalState.Snapshot(cluster, running: true, DateTimeOffset.UtcNow));

        var (exit, table, _) = await Ecml.RunAsync("get", "mdep", "--state", _state);
        var (_, wide, _) = await Ecml.RunAsync("get", "mdep", "-o", "wide", "--state", _state);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("CONVERSION", table, StringComparison.Ordinal);
        Assert.Matches(@"^NAME\s+MODEL\s+CURRENT\s+CANDIDATE\s+READY\s+REPLICAS\s+TRANSITION\s+CONVERSION\s+URL\s+AGE\n", wide);
        Assert.Matches(@"\nrecs\s+recs\s+20261123T114000Z-1a2b3c\s+20261124T114000Z-4d5e6f\s+canary 3\.1% \(84/2,701\) vs stable 3\.4% \(92/2,688\)\s+\d+[smhdy]\n", wide);
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

    [Fact]
    public async Task Get_WithAStateFileThatIsNotJson_SaysSoInOneLine()
    {
        await File.WriteAllTextAsync(LocalState.PathIn(_state), "{not json", TestContext.Current.CancellationToken);

        var (exit, _, error) = await Ecml.RunAsync("get", "models", "--state", _state);

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {LocalState.PathIn(_state)} is not the state `ecml up` writes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
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
        await cluster.CreateAsync(new Model
        {
            Metadata = new V1ObjectMeta { Name = "recs", NamespaceProperty = "default" },
            Spec = new ModelSpec { Task = ModelTask.Recommendation, Training = new ModelTrainingSpec { DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } } },
        }, TestContext.Current.CancellationToken);
        await cluster.UpdateStatusAsync<Model>("default", "recs", m => m.Status = new ModelResourceStatus
        {
            ServableVersion = "20261123T114000Z-1a2b3c",
            LastTrainedTime = DateTime.UtcNow.AddMinutes(-5),
            NextScheduleTime = new DateTime(2026, 12, 9, 2, 0, 0, DateTimeKind.Utc),
            Drift = new DriftStatus { Summary = "no drift (0/3 features)" },
            ActiveJob = "recs-drift-20261206023000",
            LastTrigger = new TriggerRecord { Reason = TrainingTriggers.DriftDetected, Priority = 90, Job = "recs-drift-20261206023000" },
        });
        LocalState.Write(_state, LocalState.Snapshot(cluster, running: true, DateTimeOffset.UtcNow));
    }
}
