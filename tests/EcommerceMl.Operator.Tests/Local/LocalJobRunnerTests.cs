using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>
/// The TrainingJob reconciler, unchanged, over Jobs that local mode runs as processes: how a
/// trainer process ends becomes the Job and Pod status the status calculator reads. A shell stands
/// in for the trainer, so each exit is exactly the one under test.
/// </summary>
public sealed class LocalJobRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-jobs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TrainerExitingWith2_FailsTheJobAtOnce_AndTheTrainingJobIsInvalidSpecWithTheTrainersError()
    {
        var status = await RunAsync("echo 'data: synthetic' ; echo 'error: algorithm x is not one of popularity' >&2 ; exit 2", backoffLimit: 3);

        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(1, status.Attempts);
        var failed = Assert.Single(status.Conditions!, c => c.Type == TrainingJobConditions.Failed);
        Assert.Equal(TrainingJobReasons.InvalidSpec, failed.Reason);
        Assert.Contains("algorithm x is not one of popularity", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainerFailingPastTheBackoffLimit_IsBackoffLimitExceeded()
    {
        var status = await RunAsync("echo 'error: the store is down' >&2 ; exit 1", backoffLimit: 0);

        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(TrainingJobReasons.BackoffLimitExceeded, Assert.Single(status.Conditions!, c => c.Type == TrainingJobConditions.Failed).Reason);
        Assert.Contains("the store is down", status.Message, StringComparison.Ordinal);
    }

    private async Task<TrainingJobStatus> RunAsync(string script, int backoffLimit)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var cluster = new LocalCluster(TimeProvider.System);
        var settings = LocalMode.Settings(Path.Combine(_folder, "store"));
        var reconciler = new TrainingJobReconciler(cluster, location => ModelStores.Open(location), settings, TimeProvider.System, NullLogger<TrainingJobReconciler>.Instance);
        await using var jobs = new LocalJobRunner(cluster, new LocalCommand("/bin/sh", ["-c", script]), LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = new LocalControllers(cluster, TimeProvider.System, NullLoggerFactory.Instance).Add<TrainingJob>(reconciler.ReconcileAsync).RunAsync(stop.Token);
        var trainingJob = TestResources.TrainingJob("recs-1", spec => spec.RunPolicy = new RunPolicySpec { BackoffLimit = backoffLimit });
        trainingJob.Metadata = new V1ObjectMeta { Name = "recs-1", NamespaceProperty = "default" };
        await cluster.CreateAsync(trainingJob, cancellationToken);

        TrainingJobStatus? status = null;
        for (var i = 0; i < 600 && status?.Phase is not (TrainingJobPhases.Failed or TrainingJobPhases.Succeeded); i++)
        {
            await Task.Delay(50, cancellationToken);
            status = (await cluster.GetAsync<TrainingJob>("default", "recs-1", cancellationToken))?.Status;
        }

        await stop.CancelAsync();
        await running;
        Assert.NotNull(status);
        var pod = Assert.Single(cluster.All<V1Pod>());
        Assert.Equal("Failed", pod.Status.Phase);
        return status;
    }
}
