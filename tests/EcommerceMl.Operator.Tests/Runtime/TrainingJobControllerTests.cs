using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>The TrainingJob controller (watches, queue, workers, reconciler, Kubernetes adapter) against the API test server.</summary>
public sealed class TrainingJobControllerTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
    private readonly CancellationTokenSource _stop = new();
    private ApiTestServer _server = null!;
    private Kubernetes _client = null!;
    private Task _running = Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _client = _server.Client();
        var store = new LocalModelStore(_storeFolder.FullName);
        var reconciler = new TrainingJobReconciler(new KubernetesCluster(_client, TimeProvider.System, NullLogger<KubernetesCluster>.Instance),
            _ => store, TestResources.Settings with { Store = _storeFolder.FullName }, TimeProvider.System, NullLogger<TrainingJobReconciler>.Instance);
        var queue = new WorkQueue(TimeProvider.System, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        var controller = TrainingJobController.Create(_client, Ns, reconciler, queue, workers: 2, NoMetrics.Instance, TimeProvider.System, NullLoggerFactory.Instance);
        _running = controller.RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
        _storeFolder.Delete(recursive: true);
    }

    private async Task CreateTrainingJobAsync(string name)
    {
        var trainingJob = TestResources.TrainingJob(name);
        trainingJob.Metadata.Uid = null;
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct);
    }

    private async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20, Ct);
        }
    }

    private Task<IList<V1Job>> JobsAsync() =>
        _client.BatchV1.ListNamespacedJobAsync(Ns, cancellationToken: Ct).ContinueWith(t => t.Result.Items, TaskScheduler.Default);

    private Task<TrainingJob> TrainingJobAsync(string name) =>
        _client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingJob>(MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, name, Ct);

    [Fact]
    public async Task CreatingATrainingJob_LeadsToExactlyOneJob()
    {
        await CreateTrainingJobAsync("tj1");

        var trainingJob = await EventuallyAsync(() => TrainingJobAsync("tj1"), t => t.Status?.JobName is not null);
        _server.SendBookmarks();
        var jobs = await JobsAsync();

        var job = Assert.Single(jobs);
        Assert.Equal(trainingJob.Status!.JobName, job.Metadata.Name);
        Assert.Equal(TrainingJobPhases.Pending, trainingJob.Status.Phase);
    }

    [Fact]
    public async Task AJobStatusChange_UpdatesTheTrainingJobStatus()
    {
        await CreateTrainingJobAsync("tj1");
        var jobName = (await EventuallyAsync(() => TrainingJobAsync("tj1"), t => t.Status?.JobName is not null)).Status!.JobName;

        await _client.BatchV1.PatchNamespacedJobStatusAsync(
            new V1Patch("""{"status":{"active":0,"failed":1,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}}""", V1Patch.PatchType.MergePatch),
            jobName, Ns, cancellationToken: Ct);
        var trainingJob = await EventuallyAsync(() => TrainingJobAsync("tj1"), t => t.Status?.Phase == TrainingJobPhases.Failed);

        Assert.Equal(TrainingJobPhases.Failed, trainingJob.Status!.Phase);
        Assert.Equal(TrainingJobReasons.BackoffLimitExceeded, trainingJob.Status.Conditions!.Single(c => c.Type == TrainingJobConditions.Failed).Reason);
        Assert.Single(await JobsAsync());
    }

    [Fact]
    public async Task AWatchDroppedWith410_RelistsAndMissesNothing()
    {
        await CreateTrainingJobAsync("tj1");
        await EventuallyAsync(() => TrainingJobAsync("tj1"), t => t.Status?.JobName is not null);

        // An unrelated write moves the resourceVersion past every watch's last one; compacting then makes them all too old.
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unrelated" } }, Ns, cancellationToken: Ct);
        var listsBefore = _server.Lists;
        _server.Compact();
        _server.CloseWatches();
        await CreateTrainingJobAsync("tj2");
        var second = await EventuallyAsync(() => TrainingJobAsync("tj2"), t => t.Status?.JobName is not null);
        var lists = await EventuallyAsync(() => Task.FromResult(_server.Lists), n => n >= listsBefore + 3);

        Assert.NotNull(second.Status?.JobName);
        Assert.True(lists >= listsBefore + 3, $"expected the three watches to relist after 410, saw {lists - listsBefore} lists");
        Assert.Equal(2, (await JobsAsync()).Count);
    }
}
