using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local;

public sealed class LocalStateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-state-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Restore_AFinishedTrainingJob_IsNotTrainedAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = new LocalCluster(TimeProvider.System);
        var created = await first.CreateAsync(TrainingJob(), cancellationToken);
        await first.UpdateStatusAsync<TrainingJob>("default", "recs-1", t => t.Status = new TrainingJobStatus
        {
            Phase = TrainingJobPhases.Succeeded,
            JobName = TrainingJobBuilder.JobName(created),
            ModelVersion = "20261123T114000Z-1a2b3c",
        });
        LocalState.Write(_folder, LocalState.Snapshot(first, running: false, DateTimeOffset.UtcNow));

        var second = new LocalCluster(TimeProvider.System);
        LocalState.Restore(second, LocalState.Read(_folder));
        var reconciler = new TrainingJobReconciler(second, location => ModelStores.Open(location), LocalMode.Settings(Path.Combine(_folder, "store")), TimeProvider.System, NullLogger<TrainingJobReconciler>.Instance);
        await reconciler.ReconcileAsync("default", "recs-1", cancellationToken);

        var restored = await second.GetAsync<TrainingJob>("default", "recs-1", cancellationToken);
        Assert.Equal(created.Metadata.Uid, restored!.Metadata.Uid);
        Assert.Equal("20261123T114000Z-1a2b3c", restored.Status!.ModelVersion);
        Assert.Empty(second.All<V1Job>());
    }

    [Fact]
    public async Task Snapshot_ShowsTheLocalAddressOfTheServiceAsTheModelDeploymentsEndpoint()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var cluster = new LocalCluster(TimeProvider.System);
        var deployment = await cluster.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = "recs", NamespaceProperty = "default" },
            Spec = new ModelDeploymentSpec { Model = "recs" },
        }, cancellationToken);
        await cluster.UpdateStatusAsync<ModelDeployment>("default", "recs", d => d.Status = new ModelDeploymentStatus { Endpoint = ModelDeploymentBuilder.Endpoint(d) });
        await cluster.CreateAsync(ModelDeploymentBuilder.BuildService(deployment), cancellationToken);
        await cluster.UpdateStatusAsync<V1Service>("default", "recs", s => s.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "127.0.0.1", Ports = [new V1PortStatus { Port = 41234, Protocol = "TCP" }] }] },
        });

        var snapshot = LocalState.Snapshot(cluster, running: true, DateTimeOffset.UtcNow);

        Assert.Equal("http://127.0.0.1:41234", snapshot[ModelDeployment.Plural]![0]!["status"]!["endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task SnapshotAndRestore_KeepAModelWithItsStatus()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = new LocalCluster(TimeProvider.System);
        var created = await first.CreateAsync(new Model
        {
            Metadata = new V1ObjectMeta { Name = "recs", NamespaceProperty = "default" },
            Spec = new ModelSpec { Task = ModelTask.Recommendation, Training = new ModelTrainingSpec { DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } } },
        }, cancellationToken);
        var scheduled = new DateTime(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc);
        await first.UpdateStatusAsync<Model>("default", "recs", m => m.Status = new ModelResourceStatus { ServableVersion = "20261123T114000Z-1a2b3c", LastScheduleTime = scheduled });

        var snapshot = LocalState.Snapshot(first, running: false, DateTimeOffset.UtcNow);
        var second = new LocalCluster(TimeProvider.System);
        LocalState.Restore(second, snapshot);

        Assert.Equal("20261123T114000Z-1a2b3c", snapshot[Model.Plural]![0]!["status"]!["servableVersion"]!.GetValue<string>());
        var restored = await second.GetAsync<Model>("default", "recs", cancellationToken);
        Assert.Equal(created.Metadata.Uid, restored!.Metadata.Uid);
        Assert.Equal(scheduled, restored.Status!.LastScheduleTime);
    }

    private static TrainingJob TrainingJob() => new()
    {
        Metadata = new V1ObjectMeta { Name = "recs-1", NamespaceProperty = "default" },
        Spec = new TrainingJobSpec { Model = "recs", Task = ModelTask.Recommendation, DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } },
    };
}
