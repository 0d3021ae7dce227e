using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local.Containers;

/// <summary>
/// An Indexed Job (what a Model's batch outputs are) under <c>--runtime containers</c>: each completion index runs as a
/// container of the trainer image — not as an <c>ecml</c> process — with <c>JOB_COMPLETION_INDEX</c> set, as the image's
/// non-root user, and what it writes to /dev/termination-log comes back on its Pod. The container's command is replaced
/// by a probe, so the test needs no database.
/// </summary>
public sealed class IndexedJobContainerTests : IDisposable
{
    private const string Probe = "echo \"index=$JOB_COMPLETION_INDEX uid=$(id -u)\" > /dev/termination-log";

    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-indexed-container-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task EachIndex_RunsAsAContainerOfTheTrainerImage_WithItsIndex_AndTheJobCompletes()
    {
        PodmanImages.Require();
        var cancellationToken = TestContext.Current.CancellationToken;
        var state = Path.Combine(_folder, "state");
        var cluster = new LocalCluster(TimeProvider.System);
        var runtime = new ContainerPodRuntime(PodmanImages.Podman, state, []);
        await using var indexed = new LocalIndexedJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);
        var settings = LocalWorkloads.Settings(Path.Combine(_folder, "store"), LocalRuntime.Containers, ContainerImages.Default, _ => null);
        // A trainer Pod as the builders make it (an outputs Job's Pod is the same), made Indexed.
        var job = TrainingJobBuilder.Build(new TrainingJob
        {
            Metadata = new V1ObjectMeta { Name = "outputs", NamespaceProperty = "default", Uid = "uid-outputs" },
            Spec = new TrainingJobSpec { Model = "probe", Task = ModelTask.Recommendation, DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } },
        }, settings);
        job.Metadata.OwnerReferences = null;
        job.Spec.CompletionMode = "Indexed";
        job.Spec.Completions = 2;
        job.Spec.Parallelism = 2;
        job.Spec.BackoffLimit = 0;
        var container = job.Spec.Template.Spec.Containers[0];
        container.Command = ["/bin/sh", "-c"];
        container.Args = [Probe];
        await cluster.CreateAsync(job, cancellationToken);

        var finished = await LocalProcesses.EventuallyAsync(
            () => cluster.GetAsync<V1Job>("default", job.Metadata.Name, cancellationToken),
            j => j?.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed") == true,
            TimeSpan.FromMinutes(2),
            j => $"the Job did not finish: {k8s.KubernetesJson.Serialize(j?.Status)}");

        Assert.Contains(finished!.Status.Conditions, c => c.Type == "Complete");
        Assert.Equal("0-1", finished.Status.CompletedIndexes);
        var messages = cluster.All<V1Pod>().Select(p => p.Status.ContainerStatuses[0].State.Terminated.Message.Trim()).Order(StringComparer.Ordinal);
        Assert.Equal(["index=0 uid=1654", "index=1 uid=1654"], messages);
        Assert.Empty(await PodmanImages.ContainersAsync(state));
    }
}
