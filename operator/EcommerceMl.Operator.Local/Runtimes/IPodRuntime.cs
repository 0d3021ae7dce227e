using k8s.Models;

namespace EcommerceMl.Operator.Local.Runtimes;

/// <summary>
/// How local mode's kubelet runs a Pod's container: as a process of the current executable
/// (<see cref="ProcessPodRuntime"/>, the default) or as a container of its image
/// (<see cref="ContainerPodRuntime"/>, <c>ecml up --runtime containers</c>). The Job and Deployment
/// runners own the controllers' logic and call only this.
/// </summary>
public interface IPodRuntime
{
    /// <summary>Starts a Job's Pod, which runs to completion.</summary>
    /// <exception cref="PodStartException">The Pod cannot start as specified (the reason kubelet would give).</exception>
    IPodProcess StartJob(PodLaunch launch);

    /// <summary>Starts a Deployment's Pod, serving HTTP on <paramref name="url"/> (<c>http://127.0.0.1:PORT</c>).</summary>
    /// <exception cref="PodStartException">The Pod cannot start as specified (the reason kubelet would give).</exception>
    IPodProcess StartServer(PodLaunch launch, string url);
}

/// <summary>One Pod to start: its spec, the container that matters, that container's resolved environment (Secrets included) and where its output goes.</summary>
public sealed record PodLaunch(string Namespace, string Name, V1PodSpec Spec, V1Container Container, IReadOnlyDictionary<string, string> Environment, string LogPath);

/// <summary>A started Pod's one container.</summary>
public interface IPodProcess : IAsyncDisposable
{
    /// <summary>The process id local mode logs (for a container, its podman client's).</summary>
    int Id { get; }

    string LogPath { get; }

    /// <summary>Completes with the container's exit code once it ended and its output is in the log.</summary>
    Task<int> Exited { get; }

    /// <summary>The container's terminated state as the kubelet reports it (reason and termination message), once <see cref="Exited"/> completed.</summary>
    V1ContainerStateTerminated Terminated(int exitCode, DateTime finishedAt);
}

/// <summary>A Pod that cannot start as specified: <see cref="Reason"/> is the kubelet's waiting reason (e.g. <c>CreateContainerConfigError</c>, <c>ErrImageNeverPull</c>).</summary>
public sealed class PodStartException(string reason, string message) : InvalidOperationException(message)
{
    public string Reason { get; } = reason;
}
