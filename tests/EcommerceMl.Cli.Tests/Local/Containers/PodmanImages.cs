using System.Diagnostics;
using EcommerceMl.Operator.Local.Runtimes;

namespace EcommerceMl.Cli.Tests.Local.Containers;

/// <summary>
/// What the real-container tests need: podman with runc, and the trainer and inference images of
/// <c>make images</c> in its storage. Missing, the tests skip saying why, or fail when the CI variable
/// is set (CI installs podman and builds the images, so it must not lose these tests silently).
/// </summary>
internal static class PodmanImages
{
    private static readonly Lazy<string?> Unavailable = new(FindWhyUnavailable);

    public static Podman Podman { get; } = new();

    public static void Require()
    {
        if (Unavailable.Value is not { } why)
        {
            return;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail($"{why} (CI is set, so the container tests may not be skipped)");
        }

        Assert.Skip(why);
    }

    /// <summary>Runs podman with the runtime's global arguments; returns its exit code and output (errors included).</summary>
    public static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Podman.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Podman.Arguments(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Names of the containers an <c>ecml up</c> on <paramref name="stateFolder"/> runs now whose name starts with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> ContainersAsync(string stateFolder, string prefix = "")
    {
        var runtime = new ContainerPodRuntime(Podman, stateFolder, []);
        var (_, output) = await RunAsync("ps", "--filter", $"label={runtime.Label}", "--format", "{{.Names}}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private static string? FindWhyUnavailable()
    {
        if (Podman.Unavailable() is { } why)
        {
            return why;
        }

        var missing = new[] { ContainerImages.Default.Trainer, ContainerImages.Default.Inference }.Where(image => Podman.ImageUser(image) is null).ToList();
        return missing.Count == 0 ? null : $"the image(s) {string.Join(", ", missing)} are not in podman's storage: run `make images`";
    }
}
