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

    /// <summary>How long a graceful stop may take: local mode kills the child 5 s after closing its lifeline.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(4);

    private static Func<Task>? _stopGracefully;

    /// <summary>
    /// What to do before exiting when the lifeline closes: the inference server stops taking connections and
    /// finishes the requests it has, and its event sink writes what it holds — the drain a Pod gets from SIGTERM.
    /// A rollout in local mode stops the old server this way once no Service lists it.
    /// </summary>
    public static void StopGracefullyWith(Func<Task> stop) => Volatile.Write(ref _stopGracefully, stop);

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

            StopGracefully();
            Environment.Exit(StoppedExitCode);
        })
        {
            IsBackground = true,
            Name = "exit-with-parent",
        };
        watcher.Start();
    }

    private static void StopGracefully()
    {
        if (Volatile.Read(ref _stopGracefully) is not { } stop)
        {
            return;
        }

        try
        {
            // Bounded: a stop that hangs must not keep the process past its parent's kill.
            _ = stop().Wait(StopBound);
        }
        catch (Exception e) when (e is AggregateException or ObjectDisposedException or InvalidOperationException)
        {
            // The stop failed, or the server was already disposed on its way out: the process exits all the same.
        }
    }
}
