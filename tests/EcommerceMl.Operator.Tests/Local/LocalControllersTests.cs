using System.Collections.Concurrent;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>Files → local cluster → the work queue → a reconcile, as `ecml up` wires them.</summary>
public sealed class LocalControllersTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-local-").FullName;
    private readonly LocalCluster _cluster = new(TimeProvider.System);
    private readonly ConcurrentQueue<(string Name, long? Generation)> _reconciled = new();
    private readonly List<string> _reports = [];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task FileChanges_AreReconciled_AndAnOwnedObjectEnqueuesItsOwner()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var file = Path.Combine(_folder, "train.yaml");
        await File.WriteAllTextAsync(file, Yaml(suspend: false), cancellationToken);
        var source = new ResourceFileSource(_folder, _cluster, Report);
        using var stop = new CancellationTokenSource();
        var controllers = new LocalControllers(_cluster, TimeProvider.System, NullLoggerFactory.Instance).Add<TrainingJob>(RecordAsync);
        var running = controllers.RunAsync(stop.Token);

        await source.ScanAsync(cancellationToken);
        await UntilAsync(() => _reconciled.Contains(("recs-1", 1)));

        // suspend may change: the same resource, a new generation, reconciled again.
        await File.WriteAllTextAsync(file, Yaml(suspend: true), cancellationToken);
        await source.ScanAsync(cancellationToken);
        await UntilAsync(() => _reconciled.Contains(("recs-1", 2)));
        Assert.Contains(_reports, r => r == "trainingjob.ml.ecommerce.dev/recs-1 configured");

        // A Pod of a Job the TrainingJob controls brings the TrainingJob back.
        var trainingJob = (await _cluster.GetAsync<TrainingJob>("default", "recs-1", cancellationToken))!;
        var job = await _cluster.CreateAsync(new V1Job { ApiVersion = "batch/v1", Kind = "Job", Metadata = Owned("recs-1-job", trainingJob) }, cancellationToken);
        var before = _reconciled.Count;
        await _cluster.CreateAsync(new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = Owned("recs-1-job-abcde", job) }, cancellationToken);
        await UntilAsync(() => _reconciled.Count > before);

        // Any other spec change is refused, as the CRD's CEL rules refuse it; nothing changes.
        await File.WriteAllTextAsync(file, Yaml(suspend: true).Replace("popularity", "item-cosine", StringComparison.Ordinal), cancellationToken);
        await source.ScanAsync(cancellationToken);
        Assert.Contains(_reports, r => r.StartsWith("error: ", StringComparison.Ordinal) && r.Contains("train.yaml: TrainingJob recs-1: spec is immutable except runPolicy.suspend", StringComparison.Ordinal));
        Assert.Equal("popularity", (await _cluster.GetAsync<TrainingJob>("default", "recs-1", cancellationToken))!.Spec.Algorithm);

        // A file that no longer parses changes nothing; a deleted file deletes its resources and what they own.
        await File.WriteAllTextAsync(file, "apiVersion: ml.ecommerce.dev/v1alpha1\nkind: TrainingJob\nmetadata: {name: recs-1}\nspec: {model: recs, tsak: churn}\n", cancellationToken);
        await source.ScanAsync(cancellationToken);
        Assert.NotNull(await _cluster.GetAsync<TrainingJob>("default", "recs-1", cancellationToken));
        Assert.Contains(_reports, r => r.Contains("unknown field 'tsak'", StringComparison.Ordinal));
        File.Delete(file);
        await source.ScanAsync(cancellationToken);
        Assert.Null(await _cluster.GetAsync<TrainingJob>("default", "recs-1", cancellationToken));
        Assert.Empty(_cluster.All<V1Job>());
        Assert.Empty(_cluster.All<V1Pod>());

        await stop.CancelAsync();
        await running;
    }

    private Task<ReconcileResult> RecordAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var generation = _cluster.GetAsync<TrainingJob>(ns, name, cancellationToken).Result?.Metadata.Generation;
        _reconciled.Enqueue((name, generation));
        return Task.FromResult(ReconcileResult.Done);
    }

    private void Report(string line)
    {
        lock (_reports)
        {
            _reports.Add(line);
        }
    }

    private static V1ObjectMeta Owned(string name, k8s.IKubernetesObject<V1ObjectMeta> owner) => new()
    {
        Name = name,
        NamespaceProperty = "default",
        OwnerReferences = [OwnerReferences.ControllerOf(owner)],
    };

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "the reconcile did not happen within 10 s");
    }

    private static string Yaml(bool suspend) => $"""
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
          runPolicy:
            suspend: {(suspend ? "true" : "false")}

        """;
}
