using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local.Runtimes;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Local.Runtimes;

/// <summary>
/// Stopping a container Pod when podman fails, with a stand-in `podman` (a shell script): its `run` client stays attached
/// like a running container's, and `stop` fails as podman does for a container it cannot find or stop. The real
/// podman path is UpContainersTests'.
/// </summary>
public sealed class ContainerPodRuntimeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-container-pods-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Stopping_WhenPodmanStopFails_EndsTheAttachedClient_AndTheStopEnds()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the stand-in podman is a shell script");
        var podman = new Podman(StandInPodman(stopExit: 125));
        var runtime = new ContainerPodRuntime(podman, Path.Combine(_folder, "state"), []);
        var pod = runtime.StartJob(Launch());

        await pod.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(pod.Exited.IsCompletedSuccessfully);
        Assert.Contains("rm --force --ignore ecml-default-train-1", await File.ReadAllTextAsync(Path.Combine(_folder, "podman.calls"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private PodLaunch Launch()
    {
        var container = new V1Container { Name = TrainingJobBuilder.ContainerName, Image = "trainer" };
        return new PodLaunch("default", "train-1", new V1PodSpec { Containers = [container] }, container, new Dictionary<string, string>(), Path.Combine(_folder, "train-1.log"));
    }

    /// <summary>A `podman` that logs each call; `run` stays attached, `stop` exits with <paramref name="stopExit"/>, `container inspect` knows no container.</summary>
    private string StandInPodman(int stopExit)
    {
        var path = Path.Combine(_folder, "podman");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            shift 2
            echo "$*" >> {{Path.Combine(_folder, "podman.calls")}}
            case "$1" in
              image) echo "1654:1654" ;;
              run) exec sleep 300 ;;
              stop) exit {{stopExit}} ;;
              container) exit 1 ;;
              *) exit 0 ;;
            esac

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
