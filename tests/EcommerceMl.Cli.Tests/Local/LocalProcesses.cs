using System.Diagnostics;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Local;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>What the local-mode tests share: how to start `ecml` as a child, and bounded waits on observable state.</summary>
internal static class LocalProcesses
{
    /// <summary>`dotnet ecml.dll` from this test's output folder (the Cli project is referenced, so it is built there).</summary>
    public static LocalCommand Ecml { get; } = new(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "ecml.dll")]);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the last value after <paramref name="limit"/> (a bound, not a timing assertion).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan limit, Func<T, string> what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (stopwatch.Elapsed > limit)
            {
                Assert.Fail($"gave up after {limit}: {what(value)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The named resource in local mode's state file, or null.</summary>
    public static JsonNode? Resource(string stateFolder, string plural, string name) =>
        Snapshot(stateFolder)?[plural]?.AsArray().FirstOrDefault(o => o?["metadata"]?["name"]?.GetValue<string>() == name);

    /// <summary>Local mode's state file, or null while it is being replaced.</summary>
    public static JsonNode? Snapshot(string stateFolder)
    {
        try
        {
            return LocalState.Read(stateFolder);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Processes whose command line or environment mentions <paramref name="text"/> (a test's temporary store): local mode's children, if any are left.</summary>
    public static IReadOnlyList<int> Mentioning(string text)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(text, StringComparison.Ordinal)
                    || File.ReadAllText(Path.Combine(folder, "environ")).Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or someone else's.
            }
        }

        return found;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
