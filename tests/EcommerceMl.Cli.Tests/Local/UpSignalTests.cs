using EcommerceMl.Cli.Tests.Local.Containers;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// How `ecml up` is stopped, as a process: Ctrl+C (SIGINT) from a terminal; and, started where SIGINT is ignored
/// (`ecml up … &amp;` in a script, where Ctrl+C never arrives), it says so at start and stops on SIGTERM.
/// </summary>
public sealed class UpSignalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-up-signal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Up_StartedAsFromATerminal_StopsOnSigint_EvenWhenThisTestRunIgnoresIt()
    {
        await using var up = Start(ignoreSigint: false);
        await StartedAsync(up);

        Assert.False(InterruptSignal.IsIgnoredBy(up.Id));
        Assert.Equal(0, await up.StopAsync("INT"));
        Assert.Contains("Local mode stopped", up.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ignores SIGINT", up.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_StartedWithSigintIgnored_SaysHowToStopIt_AndStopsOnSigterm()
    {
        await using var up = Start(ignoreSigint: true);
        await StartedAsync(up);

        Assert.True(InterruptSignal.IsIgnoredBy(up.Id));
        Assert.Contains("ignores SIGINT (it was started in the background", up.Output, StringComparison.Ordinal);
        Assert.Contains($"stop it with `kill {up.Id}` (SIGTERM)", up.Output, StringComparison.Ordinal);
        Assert.Equal(0, await up.StopAsync("TERM"));
        Assert.Contains("Local mode stopped", up.Output, StringComparison.Ordinal);
    }

    /// <summary>`ecml up` on a suspended TrainingJob: nothing runs, so only starting and stopping are under test.</summary>
    private UpProcess Start(bool ignoreSigint)
    {
        var resources = Directory.CreateDirectory(Path.Combine(_folder, "resources")).FullName;
        File.WriteAllText(Path.Combine(resources, "train.yaml"), """
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: TrainingJob
            metadata:
              name: recs-1
            spec:
              model: recs
              task: recommendation
              algorithm: popularity
              dataSource:
                synthetic: {}
              runPolicy:
                suspend: true
            """);
        return UpProcess.Start(
            ["-f", resources, "--state", Path.Combine(_folder, "state"), "--store", Path.Combine(_folder, "store")],
            new Dictionary<string, string>(),
            ignoreSigint);
    }

    private static Task StartedAsync(UpProcess up) => LocalProcesses.EventuallyAsync(
        () => Task.FromResult(up.Output),
        output => output.Contains("Stop with Ctrl+C.", StringComparison.Ordinal),
        TimeSpan.FromMinutes(1),
        output => $"ecml up did not start:\n{output}");
}
