using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using EcommerceMl.Operator.Traffic;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>
/// The operator as Program.cs composes it (its three controllers, the Kubernetes adapter, the real
/// client) against the API test server and a local model store, minus leader election. Disposing
/// it is an operator shutdown; starting another is a restart. Rollouts and the store are polled
/// every few hundred milliseconds so scenarios need no long waits. With a <c>user</c>, its requests
/// are sent (and logged by the server) as that identity, as the operator's service account's are;
/// a null <c>ns</c> watches every namespace, as Program.cs does without a watch namespace.
/// </summary>
internal sealed class RunningOperator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Kubernetes _client;
    private readonly WorkQueue _trainingJobs = new(TimeProvider.System, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
    private readonly WorkQueue _modelDeployments = new(TimeProvider.System, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
    private readonly WorkQueue _models;
    private readonly Task _running;

    public static RolloutTiming Timing { get; } = new() { ProgressInterval = TimeSpan.FromMilliseconds(100), StorePollInterval = TimeSpan.FromMilliseconds(200) };

    public static ModelTiming ModelTiming { get; } = new() { StorePollInterval = TimeSpan.FromMilliseconds(200) };

    /// <param name="time">The Model controller's clock (schedules, monitoring slots); the others run on the system clock.</param>
    /// <param name="traffic">Where the canary analysis reads its numbers; null: the Pods' /metrics, as Program.cs without a Prometheus.</param>
    public RunningOperator(ApiTestServer server, string? ns, IModelStore store, Func<ICluster, ICluster>? decorate = null, string? user = null, TimeProvider? time = null,
        ICanaryTrafficSource? traffic = null)
    {
        time ??= TimeProvider.System;
        _models = new WorkQueue(time, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        _client = user is null ? server.Client() : server.ClientAs(user);
        ICluster cluster = new KubernetesCluster(_client, TimeProvider.System, NullLogger<KubernetesCluster>.Instance);
        cluster = decorate?.Invoke(cluster) ?? cluster;
        var settings = TestResources.Settings with { Store = store.Location };
        var trainingJobs = new TrainingJobReconciler(cluster, _ => store, settings, TimeProvider.System, NullLogger<TrainingJobReconciler>.Instance);
        var modelDeployments = new ModelDeploymentReconciler(cluster, _ => store, settings, TimeProvider.System, NullLogger<ModelDeploymentReconciler>.Instance, Timing, traffic);
        var first = TrainingJobController.Create(_client, ns, trainingJobs, _trainingJobs, workers: 2, NoMetrics.Instance, TimeProvider.System, NullLoggerFactory.Instance);
        var second = ModelDeploymentController.Create(_client, ns, modelDeployments, _modelDeployments, workers: 2, NoMetrics.Instance, TimeProvider.System, NullLoggerFactory.Instance);
        var models = new ModelReconciler(cluster, _ => store, settings, time, NullLogger<ModelReconciler>.Instance, ModelTiming);
        var third = ModelController.Create(_client, ns, models, _models, workers: 2, NoMetrics.Instance, time, NullLoggerFactory.Instance);
        _running = Task.WhenAll(first.RunAsync(_stop.Token), second.RunAsync(_stop.Token), third.RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stop.Dispose();
        _trainingJobs.Dispose();
        _modelDeployments.Dispose();
        _models.Dispose();
        _client.Dispose();
    }
}
