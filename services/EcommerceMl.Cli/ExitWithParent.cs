using EcommerceMl.Operator.Local;

namespace EcommerceMl.Cli;

/// <summary>
/// A child of local mode ends when its standard input closes: local mode closes it to stop the
/// child, and the operating system closes it when local mode dies in any way (even SIGKILL), so a
/// trainer or inference server never outlives the `ecml up` that started it.
/// </summary>
internal static class ExitWithParent
{
    /// <summary>The exit code of a process stopped this way (128 + SIGTERM, as if it had been terminated).</summary>
    public const int StoppedExitCode = 143;

    public static void StartIfAsked()
    {
        if (Environment.GetEnvironmentVariable(LocalCommand.ExitWithParentVariable) != "stdin")
        {
            return;
        }

        var watcher = new Thread(() =>
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
                // Nothing is sent on the lifeline; only its end matters.
            }

            Environment.Exit(StoppedExitCode);
        })
        {
            IsBackground = true,
            Name = "exit-with-parent",
        };
        watcher.Start();
    }
}
