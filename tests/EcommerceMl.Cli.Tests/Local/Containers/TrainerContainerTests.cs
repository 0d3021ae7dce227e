using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local.Containers;

/// <summary>
/// The trainer image run by local mode's Job runner as a container of the Pod the operator builds
/// (only its command replaced by a probe): it runs as the image's non-root user, its root filesystem
/// refuses writes while the emptyDir at /tmp takes them, and what it writes to /dev/termination-log
/// comes back as the Pod's termination message with its exit code.
/// </summary>
public sealed class TrainerContainerTests : IDisposable
{
    private const string Probe =
        "uid=$(id -u); if touch /probe 2>/dev/null; then root=writable; else root=read-only; fi; " +
        "if touch /tmp/probe; then tmp=writable; else tmp=read-only; fi; " +
        "echo \"uid=$uid root-fs=$root tmp=$tmp\" > /dev/termination-log; exit 3";

    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-trainer-container-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TrainerContainer_RunsAsANonRootUser_OnAReadOnlyRoot_WithTmpWritable_AndReportsItsTerminationMessage()
    {
        PodmanImages.Require();

        var pod = await RunJobAsync(ContainerImages.Default.Trainer, container =>
        {
            container.Command = ["/bin/sh", "-c"];
            container.Args = [Probe];
        });

        var terminated = pod.Status.ContainerStatuses[0].State.Terminated;
        Assert.Equal("Failed", pod.Status.Phase);
        Assert.Equal(3, terminated.ExitCode);
        Assert.Equal("Error", terminated.Reason);
        Assert.Equal("uid=1654 root-fs=read-only tmp=writable", terminated.Message.Trim());
    }

    [Fact]
    public async Task AnImageNotInPodmansStorage_LeavesThePodWaiting_SayingHowToBuildIt()
    {
        PodmanImages.Require();

        var pod = await RunJobAsync("localhost/ecml-test/no-such-image:0", _ => { }, waitFor: p => p.Status?.ContainerStatuses?[0].State.Waiting is not null);

        var waiting = pod.Status.ContainerStatuses[0].State.Waiting;
        Assert.Equal("ErrImageNeverPull", waiting.Reason);
        Assert.Contains("make images", waiting.Message, StringComparison.Ordinal);
    }

    private async Task<V1Pod> RunJobAsync(string image, Action<V1Container> change, Func<V1Pod, bool>? waitFor = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var cluster = new LocalCluster(TimeProvider.System);
        var runtime = new ContainerPodRuntime(PodmanImages.Podman, Path.Combine(_folder, "state"), []);
        await using var jobs = new LocalJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);
        var settings = LocalWorkloads.Settings(Path.Combine(_folder, "store"), LocalRuntime.Containers, ContainerImages.Default, _ => null);
        var job = TrainingJobBuilder.Build(new TrainingJob
        {
            Metadata = new V1ObjectMeta { Name = "probe", NamespaceProperty = "default", Uid = "uid-probe" },
            Spec = new TrainingJobSpec { Model = "probe", Task = ModelTask.Recommendation, DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() } },
        }, settings);
        // No TrainingJob owns it here (garbage collection would take it); it fails at once instead of retrying.
        job.Metadata.OwnerReferences = null;
        job.Spec.BackoffLimit = 0;
        var container = job.Spec.Template.Spec.Containers[0];
        container.Image = image;
        change(container);
        await cluster.CreateAsync(job, cancellationToken);

        var pod = await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(cluster.All<V1Pod>().SingleOrDefault()),
            p => p is not null && (waitFor?.Invoke(p) ?? p.Status?.Phase is "Failed" or "Succeeded"),
            TimeSpan.FromMinutes(2),
            p => $"the Pod did not get there: {k8s.KubernetesJson.Serialize(p?.Status)}");
        return pod!;
    }
}
