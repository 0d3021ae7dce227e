using EcommerceMl.Contracts.Batch;
using EcommerceMl.Operator.Builders;
using k8s.Models;

namespace EcommerceMl.Operator.Local.Runtimes;

/// <summary>
/// Pods as child processes of the running <c>ecml</c>: a Job's container is <c>ecml train</c> (or the
/// subcommand its args name, e.g. <c>monitor</c>, or <c>predict batch</c> for the image's <c>batch</c>), a
/// Deployment's is <c>ecml serve</c> on the given address. No isolation: the container's security context, volumes and resources do not apply.
/// </summary>
public sealed class ProcessPodRuntime(LocalCommand command) : IPodRuntime
{
    public IPodProcess StartJob(PodLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        return new ProcessPod(ChildProcess.Start(command, EcmlArguments(launch.Container.Args), launch.Environment, launch.LogPath));
    }

    /// <summary>
    /// The <c>ecml</c> arguments of a trainer container's args: the image's subcommands as <c>ecml</c> names them
    /// (a monitoring Job's <c>monitor</c> is <c>ecml monitor</c>, an outputs Job's <c>batch</c> is
    /// <c>ecml predict batch</c>); none is the image's default, training.
    /// </summary>
    public static IReadOnlyList<string> EcmlArguments(IList<string>? args) => args switch
    {
        null or { Count: 0 } => ["train"],
        [BatchArguments.Command, ..] => ["predict", "batch", .. args.Skip(1)],
        _ => [.. args],
    };

    public IPodProcess StartServer(PodLaunch launch, string url)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var store = launch.Environment.GetValueOrDefault(ModelDeploymentBuilder.StoreVariable)
            ?? throw new InvalidOperationException($"Pod {launch.Name} sets no {ModelDeploymentBuilder.StoreVariable}: it is not an inference Pod.");
        // The container's port is the Pod's own; a local process listens where --urls says.
        var environment = launch.Environment.Where(e => e.Key != "ASPNETCORE_HTTP_PORTS").ToDictionary(StringComparer.Ordinal);
        return new ProcessPod(ChildProcess.Start(command, ["serve", "--store", store, "--urls", url], environment, launch.LogPath));
    }

    private sealed class ProcessPod(ChildProcess process) : IPodProcess
    {
        public int Id => process.Id;

        public string LogPath => process.LogPath;

        public Task<int> Exited => process.Exited;

        /// <summary>A process has no termination-message file: a failure's message is its log's tail (FallbackToLogsOnError).</summary>
        public V1ContainerStateTerminated Terminated(int exitCode, DateTime finishedAt) => new()
        {
            ExitCode = exitCode,
            Reason = exitCode == 0 ? "Completed" : "Error",
            FinishedAt = finishedAt,
            Message = exitCode == 0 ? null : process.Tail(),
        };

        public ValueTask DisposeAsync() => process.DisposeAsync();
    }
}
