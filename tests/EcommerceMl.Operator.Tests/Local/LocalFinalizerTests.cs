using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>
/// Finalizers in local mode: a TrainingJob with <c>output.deleteArtifactsOnDelete</c> whose file is
/// deleted runs the operator's own finalizer (wired by <see cref="LocalMode.RegisterReconcilers"/>),
/// as on a cluster: its version leaves the store before the TrainingJob and its Job go.
/// </summary>
public sealed class LocalFinalizerTests : IDisposable
{
    private const string Version = "20261123T020500Z-aaaaaa";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-local-").FullName;
    private readonly LocalCluster _cluster = new(TimeProvider.System);
    private readonly List<string> _reports = [];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeletingTheFileOfAFinishedTrainingJob_DeletesItsVersion_OnlyWhenTheSpecAsks(bool deleteArtifacts)
    {
        var resources = Directory.CreateDirectory(Path.Combine(_folder, "resources")).FullName;
        var settings = LocalMode.Settings(Path.Combine(_folder, "store"));
        var store = new LocalModelStore(settings.Store);
        var file = Path.Combine(resources, "train.yaml");
        await File.WriteAllTextAsync(file, Yaml(deleteArtifacts), Ct);
        var source = new ResourceFileSource(resources, _cluster, Report);
        using var stop = new CancellationTokenSource();
        var controllers = LocalMode.RegisterReconcilers(
            new LocalControllers(_cluster, TimeProvider.System, NullLoggerFactory.Instance), _cluster, _ => store, settings, TimeProvider.System, NullLoggerFactory.Instance);
        var running = controllers.RunAsync(stop.Token);

        await source.ScanAsync(Ct);
        await UntilAsync(() => _cluster.All<V1Job>().Count == 1);
        // Play the trainer and the Job controller: the version is published, the Job completes.
        await ModelVersionsForTests.PublishAsync(store, "recs", Version, 0.3, trainingJob: "default/recs-1", cancellationToken: Ct);
        await _cluster.UpdateStatusAsync<V1Job>("default", _cluster.All<V1Job>()[0].Metadata.Name, job => job.Status = new V1JobStatus
        {
            Succeeded = 1,
            Conditions = [new V1JobCondition { Type = "Complete", Status = "True", Reason = "CompletionsReached" }],
        });
        await UntilAsync(() => _cluster.All<TrainingJob>().SingleOrDefault()?.Status?.ModelVersion == Version);
        Assert.Equal(deleteArtifacts, TrainingJobFinalizer.IsOn(_cluster.All<TrainingJob>()[0]));

        File.Delete(file);
        await source.ScanAsync(Ct);
        await UntilAsync(() => _cluster.All<TrainingJob>().Count == 0);

        Assert.Empty(_cluster.All<V1Job>());
        Assert.Equal(!deleteArtifacts, await store.GetManifestAsync("recs", Version, Ct) is not null);
        Assert.Equal(deleteArtifacts, _cluster.Events.Any(e => e.Event.Reason == TrainingJobReasons.ArtifactsDeleted));

        await stop.CancelAsync();
        await running;
    }

    private void Report(string line)
    {
        lock (_reports)
        {
            _reports.Add(line);
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "not reached within 10 s");
    }

    private static string Yaml(bool deleteArtifacts) => $"""
        apiVersion: ml.ecommerce.dev/v1alpha1
        kind: TrainingJob
        metadata:
          name: recs-1
        spec:
          model: recs
          task: recommendation
          algorithm: popularity
          dataSource:
            synthetic: {"{}"}
          output:
            deleteArtifactsOnDelete: {(deleteArtifacts ? "true" : "false")}

        """;
}
