using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace EcommerceMl.Operator.Local.Runtimes;

/// <summary>
/// Pods as podman containers of their images (<c>ecml up --runtime containers</c>): each Pod's container
/// runs as <see cref="PodmanRunCommand"/> translates its spec, named <c>ecml-{namespace}-{pod}</c> and
/// labelled with the state folder it belongs to. The image must be in podman's storage (local mode
/// never pulls: <c>make images</c> builds them). Host folders of a local model store are mounted at
/// their own path, owned by the container's user (podman's <c>U</c> option) so it can write versions.
/// A container's exit code, OOM kill and termination message come back as the kubelet reports them;
/// the container and its Pod folder are removed once that is read. Containers of an <c>ecml up</c>
/// that was killed outright are removed by the next one on the same state folder.
/// </summary>
public sealed class ContainerPodRuntime : IPodRuntime
{
    public const string StateLabel = "ecml.local/state";

    private readonly Podman _podman;
    private readonly string _podsFolder;
    private readonly IReadOnlyList<string> _sharedFolders;
    private readonly string _stateKey;

    /// <param name="stateFolder">Local mode's state folder: Pod folders go under <c>pods/</c>, and it names the containers' label.</param>
    /// <param name="sharedFolders">Host folders every container sees at the same path (a local model store).</param>
    public ContainerPodRuntime(Podman podman, string stateFolder, IReadOnlyList<string> sharedFolders)
    {
        ArgumentNullException.ThrowIfNull(stateFolder);
        _podman = podman;
        _podsFolder = Path.Combine(Path.GetFullPath(stateFolder), "pods");
        _sharedFolders = sharedFolders;
        _stateKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(stateFolder))))[..12];
    }

    /// <summary>The label (<c>name=value</c>) on every container this runtime starts.</summary>
    public string Label => $"{StateLabel}={_stateKey}";

    /// <summary>Removes containers a previous run on this state folder left (it was killed before it could stop them); returns their names.</summary>
    public IReadOnlyList<string> RemoveLeftovers()
    {
        var removed = _podman.RemoveLabelled(Label);
        if (Directory.Exists(_podsFolder))
        {
            Directory.Delete(_podsFolder, recursive: true);
        }

        return removed;
    }

    public IPodProcess StartJob(PodLaunch launch) => Start(launch, url: null);

    public IPodProcess StartServer(PodLaunch launch, string url) => Start(launch, url);

    private ContainerPod Start(PodLaunch launch, string? url)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var image = launch.Container.Image;
        var imageUser = image is null ? string.Empty : _podman.ImageUser(image)
            ?? throw new PodStartException("ErrImageNeverPull",
                $"Container image \"{image}\" is not present in podman's storage and local mode does not pull: build it with `make images`");
        var name = $"ecml-{launch.Namespace}-{launch.Name}";
        var host = new PodHost(Path.Combine(_podsFolder, $"{launch.Namespace}_{launch.Name}"), _sharedFolders,
            new Dictionary<string, string> { [StateLabel] = _stateKey });
        var run = PodmanRunCommand.For(launch, name, imageUser, host, url);
        Prepare(host, run.EmptyDirFolders);
        _podman.Remove(name);
        var process = ChildProcess.Start(new LocalCommand(_podman.Executable, Podman.GlobalArguments), run.Arguments, run.Environment, launch.LogPath);
        var grace = TimeSpan.FromSeconds(launch.Spec.TerminationGracePeriodSeconds ?? 30);
        return new ContainerPod(_podman, name, host, launch.Container.TerminationMessagePolicy, grace, process);
    }

    /// <summary>The Pod's folder: an empty termination-message file and its emptyDir folders, writable by any user as the kubelet makes them.</summary>
    private static void Prepare(PodHost host, IReadOnlyList<string> emptyDirs)
    {
        const UnixFileMode everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        const UnixFileMode everyoneFolder = everyone | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("local mode's containers run on Linux (podman)");
        }

        Directory.CreateDirectory(host.Folder);
        File.WriteAllBytes(host.TerminationLog, []);
        File.SetUnixFileMode(host.TerminationLog, everyone);
        foreach (var folder in emptyDirs)
        {
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, everyoneFolder);
        }
    }

    private sealed class ContainerPod : IPodProcess
    {
        private readonly Podman _podman;
        private readonly string _name;
        private readonly PodHost _host;
        private readonly string? _policy;
        private readonly TimeSpan _grace;
        private readonly ChildProcess _client;
        private string? _message;
        private bool _oomKilled;

        public ContainerPod(Podman podman, string name, PodHost host, string? policy, TimeSpan grace, ChildProcess client)
        {
            _podman = podman;
            _name = name;
            _host = host;
            _policy = policy;
            _grace = grace;
            _client = client;
            Exited = WaitAsync();
        }

        public int Id => _client.Id;

        public string LogPath => _client.LogPath;

        public Task<int> Exited { get; }

        public V1ContainerStateTerminated Terminated(int exitCode, DateTime finishedAt) => new()
        {
            ExitCode = exitCode,
            Reason = _oomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error",
            FinishedAt = finishedAt,
            Message = TerminationMessage.Of(_message, _policy, exitCode, lines => _client.Tail(lines)),
        };

        /// <summary>
        /// <c>podman stop</c> (SIGTERM, SIGKILL after the grace period), then the attached client is given 5 s to follow
        /// and is killed if it does not: a stop that failed or did not answer must not leave the stop waiting for a client
        /// that never exits. Its exit then removes the container by force.
        /// </summary>
        public async ValueTask DisposeAsync()
        {
            if (!Exited.IsCompleted)
            {
                try
                {
                    await Task.Run(() => _podman.Stop(_name, _grace)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or Win32Exception)
                {
                    // podman did not answer: the client goes below, and the container with it (rm --force).
                }
            }

            await _client.DisposeAsync().ConfigureAwait(false);
            await Exited.ConfigureAwait(false);
        }

        /// <summary>
        /// The container's own exit code and OOM kill (podman's when the container never ran), its termination message;
        /// then it and its folder go. Never faults: a podman that does not answer leaves the client's exit code, and a
        /// container it could not remove is a leftover the next <c>ecml up</c> on this state folder removes.
        /// </summary>
        private async Task<int> WaitAsync()
        {
            var clientExit = await _client.Exited.ConfigureAwait(false);
            return await Task.Run(() =>
            {
                var state = Answered(() => _podman.State(_name));
                _oomKilled = state?.OomKilled == true;
                try
                {
                    _message = File.Exists(_host.TerminationLog) ? File.ReadAllText(_host.TerminationLog) : null;
                }
                catch (IOException)
                {
                    _message = null;
                }

                Answered(() =>
                {
                    _podman.Remove(_name);
                    return true;
                });
                try
                {
                    Directory.Delete(_host.Folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Files the container's user made can outlive it here; RemoveLeftovers clears the pods folder next time.
                }

                return state?.ExitCode ?? clientExit;
            }).ConfigureAwait(false);
        }

        private static T? Answered<T>(Func<T> podmanCommand)
        {
            try
            {
                return podmanCommand();
            }
            catch (Exception e) when (e is TimeoutException or Win32Exception or InvalidOperationException)
            {
                return default;
            }
        }
    }
}
