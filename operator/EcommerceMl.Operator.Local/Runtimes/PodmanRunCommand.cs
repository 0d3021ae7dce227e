using System.Globalization;
using System.Text.Json;
using k8s.Models;

namespace EcommerceMl.Operator.Local.Runtimes;

/// <summary>What a Pod's container needs from the host besides its image: its files, shared folders, labels.</summary>
/// <param name="Folder">The Pod's own folder (<c>{state}/pods/{namespace}_{name}</c>): its termination-message file and emptyDir volumes.</param>
/// <param name="SharedFolders">Host folders every container sees at the same path (a local model store).</param>
/// <param name="Labels">Labels on every container (which <c>ecml up</c> started it, so leftovers can be found).</param>
public sealed record PodHost(string Folder, IReadOnlyList<string> SharedFolders, IReadOnlyDictionary<string, string> Labels)
{
    public string TerminationLog => Path.Combine(Folder, "termination-log");

    public string Volume(string name) => Path.Combine(Folder, "volumes", name);
}

/// <summary>A <c>podman run</c>: its arguments (after <c>podman --runtime runc</c>) and the variables its process must carry, passed on by name so no value is on a command line.</summary>
public sealed record PodmanRun(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> EmptyDirFolders);

/// <summary>
/// A Pod spec translated into <c>podman run</c>, as the kubelet would run it: the image's entry point
/// (or <c>command</c>) with <c>args</c>, the resolved environment, the user (runAsUser/runAsGroup, else the
/// image's, which runAsNonRoot must find numeric and not 0), a read-only root filesystem with only the
/// mounted emptyDir volumes writable (podman's own tmpfs on /tmp, /run is turned off), capabilities,
/// no-new-privileges, seccomp, memory and CPU limits and requests, and the termination-message file.
/// The network is the host's: a server listens on its 127.0.0.1 port (<c>ASPNETCORE_URLS</c> replaces the
/// container port) and the containers reach the same addresses as the host (an S3 server on 127.0.0.1).
/// </summary>
public static class PodmanRunCommand
{
    public const string DefaultTerminationMessagePath = "/dev/termination-log";

    /// <summary>Without explicit limits runc cannot set the defaults on these machines ("setrlimit … operation not permitted").</summary>
    public static readonly IReadOnlyList<string> Ulimits = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000"];

    /// <param name="imageUser">The image's configured user (<c>Config.User</c>), e.g. <c>1654:1654</c>; empty means root.</param>
    /// <param name="url">For a server: the address it must listen on.</param>
    public static PodmanRun For(PodLaunch launch, string containerName, string imageUser, PodHost host, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(host);
        var spec = launch.Spec;
        var container = launch.Container;
        var args = new List<string>
        {
            "run", "--name", containerName, "--hostname", launch.Name, "--network", "host",
            "--label", $"io.kubernetes.pod.namespace={launch.Namespace}", "--label", $"io.kubernetes.pod.name={launch.Name}",
        };
        foreach (var (name, value) in host.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--label", $"{name}={value}"]);
        }

        args.AddRange(Ulimits);
        args.AddRange(User(launch, imageUser));
        args.AddRange(Security(spec.SecurityContext, container.SecurityContext));
        var (mounts, emptyDirs) = Volumes(launch, host);
        args.AddRange(mounts);
        foreach (var folder in host.SharedFolders)
        {
            // U: owned by the container's user, which must write there (a folder store's versions and events).
            args.AddRange(["--volume", $"{folder}:{folder}:rw,U"]);
        }

        args.AddRange(["--volume", $"{host.TerminationLog}:{container.TerminationMessagePath ?? DefaultTerminationMessagePath}:rw"]);
        args.AddRange(Resources(container.Resources));

        var environment = launch.Environment.ToDictionary(StringComparer.Ordinal);
        if (url is not null)
        {
            // The Pod's containerPort is shared by every replica on the host's network: each listens on its own 127.0.0.1 port.
            environment.Remove("ASPNETCORE_HTTP_PORTS");
            environment["ASPNETCORE_URLS"] = url;
        }

        foreach (var name in environment.Keys.Order(StringComparer.Ordinal))
        {
            args.AddRange(["--env", name]);
        }

        if (container.WorkingDir is { Length: > 0 } workingDir)
        {
            args.AddRange(["--workdir", workingDir]);
        }

        if (container.Command is { Count: > 0 } command)
        {
            args.AddRange(["--entrypoint", JsonSerializer.Serialize(command)]);
        }

        args.Add(container.Image ?? throw new PodStartException("InvalidImageName", $"container {container.Name} of Pod {launch.Name} names no image"));
        args.AddRange(container.Args ?? []);
        return new PodmanRun(args, environment, emptyDirs);
    }

    /// <summary>runAsUser/runAsGroup (the container's over the Pod's), else the image's user; runAsNonRoot checked as the kubelet checks it.</summary>
    private static IEnumerable<string> User(PodLaunch launch, string imageUser)
    {
        var pod = launch.Spec.SecurityContext;
        var own = launch.Container.SecurityContext;
        var uid = own?.RunAsUser ?? pod?.RunAsUser;
        var gid = own?.RunAsGroup ?? pod?.RunAsGroup;
        var nonRoot = own?.RunAsNonRoot ?? pod?.RunAsNonRoot;
        var image = ParseUser(imageUser);
        if (nonRoot == true)
        {
            if (uid is null && image.Uid is null)
            {
                throw new PodStartException("CreateContainerConfigError",
                    $"container has runAsNonRoot and image has non-numeric user ({imageUser}), cannot verify user is non-root (pod: \"{launch.Name}\", container: {launch.Container.Name})");
            }

            if ((uid ?? image.Uid) == 0)
            {
                throw new PodStartException("CreateContainerConfigError",
                    $"container has runAsNonRoot and image will run as root (pod: \"{launch.Name}\", container: {launch.Container.Name})");
            }
        }

        if (uid is not null || gid is not null)
        {
            var user = uid is { } number ? number.ToString(CultureInfo.InvariantCulture) : image.Name;
            yield return "--user";
            yield return gid is null ? user : $"{user}:{gid.Value.ToString(CultureInfo.InvariantCulture)}";
        }

        foreach (var group in (pod?.SupplementalGroups ?? []).Append(pod?.FsGroup).OfType<long>())
        {
            yield return "--group-add";
            yield return group.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The image's user: numeric uid when it is one (empty is root), and its name part as written.</summary>
    private static (long? Uid, string Name) ParseUser(string imageUser)
    {
        var name = imageUser.Split(':')[0];
        if (name.Length == 0)
        {
            return (0, "0");
        }

        return (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null, name);
    }

    private static IEnumerable<string> Security(V1PodSecurityContext? pod, V1SecurityContext? own)
    {
        if (own?.Privileged == true)
        {
            yield return "--privileged";
        }

        if (own?.ReadOnlyRootFilesystem == true)
        {
            // podman would mount its own tmpfs on /tmp, /var/tmp and /run; a Pod has only the volumes it mounts.
            yield return "--read-only";
            yield return "--read-only-tmpfs=false";
        }

        foreach (var capability in own?.Capabilities?.Drop ?? [])
        {
            yield return "--cap-drop";
            yield return capability;
        }

        foreach (var capability in own?.Capabilities?.Add ?? [])
        {
            yield return "--cap-add";
            yield return capability;
        }

        if (own?.AllowPrivilegeEscalation == false)
        {
            yield return "--security-opt";
            yield return "no-new-privileges";
        }

        var seccomp = own?.SeccompProfile ?? pod?.SeccompProfile;
        if (seccomp?.Type == "Unconfined")
        {
            yield return "--security-opt";
            yield return "seccomp=unconfined";
        }
        else if (seccomp?.Type == "Localhost")
        {
            throw new PodStartException("CreateContainerConfigError", $"seccomp profile Localhost ({seccomp.LocalhostProfile}) is not supported by local mode's containers");
        }
    }

    /// <summary>Each volume mount of an emptyDir: a tmpfs for medium Memory, else a folder of the Pod's; any other volume kind is refused by name.</summary>
    private static (List<string> Arguments, List<string> Folders) Volumes(PodLaunch launch, PodHost host)
    {
        var arguments = new List<string>();
        var folders = new List<string>();
        var volumes = (launch.Spec.Volumes ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
        foreach (var mount in launch.Container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var volume))
            {
                throw new PodStartException("CreateContainerConfigError", $"volume mount {mount.Name} of container {launch.Container.Name} names no volume of Pod {launch.Name}");
            }

            if (volume.EmptyDir is null)
            {
                throw new PodStartException("CreateContainerConfigError",
                    $"volume {volume.Name} of Pod {launch.Name} is not an emptyDir: local mode's containers mount only emptyDir volumes");
            }

            var access = mount.ReadOnlyProperty == true ? "ro" : "rw";
            if (volume.EmptyDir.Medium == "Memory")
            {
                var size = volume.EmptyDir.SizeLimit is { } limit ? $",tmpfs-size={Bytes(limit)}" : string.Empty;
                arguments.AddRange(["--mount", $"type=tmpfs,destination={mount.MountPath},tmpfs-mode=1777{size}{(access == "ro" ? ",ro=true" : string.Empty)}"]);
                continue;
            }

            var folder = host.Volume(volume.Name);
            folders.Add(folder);
            var source = mount.SubPath is { Length: > 0 } subPath ? Path.Combine(folder, subPath) : folder;
            arguments.AddRange(["--volume", $"{source}:{mount.MountPath}:{access}"]);
        }

        return (arguments, folders.Distinct(StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<string> Resources(V1ResourceRequirements? resources)
    {
        if (resources?.Limits?.TryGetValue("memory", out var memory) == true)
        {
            yield return "--memory";
            yield return Bytes(memory);
        }

        if (resources?.Requests?.TryGetValue("memory", out var reservation) == true)
        {
            yield return "--memory-reservation";
            yield return Bytes(reservation);
        }

        if (resources?.Limits?.TryGetValue("cpu", out var cpus) == true)
        {
            yield return "--cpus";
            yield return cpus.ToDecimal().ToString("0.###", CultureInfo.InvariantCulture);
        }

        if (resources?.Requests?.TryGetValue("cpu", out var shares) == true)
        {
            // The kubelet's translation of a CPU request: 1024 shares per CPU, at least 2.
            yield return "--cpu-shares";
            yield return Math.Max(2, (long)Math.Round(shares.ToDecimal() * 1024)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string Bytes(ResourceQuantity quantity) => ((long)quantity.ToDecimal()).ToString(CultureInfo.InvariantCulture);
}
