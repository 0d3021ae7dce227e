using System.ComponentModel;
using System.Diagnostics;

namespace EcommerceMl.Operator.Local.Runtimes;

/// <summary>
/// The podman command line, always with runc (crun refuses these machines' cgroups: "cgroups in
/// hybrid mode not supported"). Short commands (inspect, stop, rm) run to completion here; a
/// container's <c>podman run</c> is a <see cref="ChildProcess"/> of its own.
/// </summary>
public sealed class Podman(string executable = "podman")
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    public static readonly IReadOnlyList<string> GlobalArguments = ["--runtime", "runc"];

    public string Executable { get; } = executable;

    /// <summary>Why podman cannot run containers here (not installed, or <c>podman info</c> fails), or null when it can.</summary>
    public string? Unavailable()
    {
        try
        {
            var (exitCode, output) = Run(["info", "--format", "{{.Host.OCIRuntime.Name}}"]);
            return exitCode == 0 ? null : $"`podman info` failed: {output.Trim()}";
        }
        catch (Win32Exception e)
        {
            return $"podman is not installed ({e.Message}): apt-get install -y --no-install-recommends podman runc";
        }
    }

    /// <summary>The image's configured user (<c>Config.User</c>, empty for root), or null when the image is not in podman's storage.</summary>
    public string? ImageUser(string image)
    {
        var (exitCode, output) = Run(["image", "inspect", "--format", "{{.Config.User}}", image]);
        return exitCode == 0 ? output.Trim() : null;
    }

    /// <summary>A finished container's exit code and whether the kernel killed it for memory; null when there is no such container or it never ran.</summary>
    public (int ExitCode, bool OomKilled)? State(string container)
    {
        var (exitCode, output) = Run(["container", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}", container]);
        var parts = output.Trim().Split(' ');
        return exitCode == 0 && parts.Length == 3 && parts[0] is "exited" or "stopped" && int.TryParse(parts[1], out var code) ? (code, parts[2] == "true") : null;
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/> (a Pod's terminationGracePeriodSeconds).</summary>
    public void Stop(string container, TimeSpan grace) =>
        Run(["stop", "--ignore", "--time", ((int)grace.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), container], grace + CommandTimeout);

    public void Remove(string container) => Run(["rm", "--force", "--ignore", container]);

    /// <summary>Removes every container carrying <paramref name="label"/> (<c>name=value</c>), running or not; returns their names.</summary>
    public IReadOnlyList<string> RemoveLabelled(string label)
    {
        var (_, output) = Run(["ps", "--all", "--filter", $"label={label}", "--format", "{{.Names}}"]);
        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            Remove(name);
        }

        return names;
    }

    /// <summary>The full argument list of a podman invocation.</summary>
    public IEnumerable<string> Arguments(IEnumerable<string> arguments) => GlobalArguments.Concat(arguments);

    private (int ExitCode, string Output) Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Executable} {string.Join(' ', info.ArgumentList)} did not finish within {(timeout ?? CommandTimeout).TotalSeconds} s");
        }

        return (process.ExitCode, process.ExitCode == 0 ? output.Result : errors.Result + output.Result);
    }
}
