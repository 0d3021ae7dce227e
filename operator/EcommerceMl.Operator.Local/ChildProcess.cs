using System.Diagnostics;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// How local mode starts the platform's own programs: the <c>ecml</c> executable (or
/// <c>dotnet ecml.dll</c>) with a subcommand. The CLI passes the command it was started with.
/// </summary>
public sealed record LocalCommand(string FileName, IReadOnlyList<string> PrefixArguments)
{
    /// <summary>
    /// Set in every child's environment: the child exits when its standard input closes, which
    /// happens when local mode stops it or dies in any way, so no child outlives it.
    /// </summary>
    public const string ExitWithParentVariable = "ECML_EXIT_WITH_PARENT";

    /// <summary>The running program: its apphost, or <c>dotnet</c> with the entry assembly when started through <c>dotnet ecml.dll</c>.</summary>
    public static LocalCommand Current(string entryAssemblyPath)
    {
        var processPath = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? new LocalCommand(processPath, [entryAssemblyPath])
            : new LocalCommand(processPath, []);
    }
}

/// <summary>
/// One child process of local mode: output and errors appended to a log file, standard input held
/// open as the child's lifeline, stopped gracefully (lifeline closed) and then forcibly (the whole
/// tree killed) when it does not go.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pumps;

    private ChildProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        _pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
        Exited = WaitAsync();
    }

    public int Id => _process.Id;

    public string LogPath { get; }

    /// <summary>Completes with the exit code once the process ended and its output is in the log.</summary>
    public Task<int> Exited { get; }

    public static ChildProcess Start(LocalCommand command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.PrefixArguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.Environment[LocalCommand.ExitWithParentVariable] = "stdin";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"# {DateTimeOffset.UtcNow:O} {command.FileName} {string.Join(' ', info.ArgumentList)}");
        try
        {
            var process = Process.Start(info) ?? throw new InvalidOperationException($"{command.FileName} did not start.");
            return new ChildProcess(process, log, logPath);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>The last lines of the log (what Kubernetes' FallbackToLogsOnError puts in a termination message).</summary>
    public string Tail(int lines = 20)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("# ", StringComparison.Ordinal)).ToList();
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Closes the lifeline (the child exits by itself) and kills the tree if it is still there after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Its end of the pipe is already gone.
        }

        try
        {
            await Exited.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await Exited.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
        await _log.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await _pumps.ConfigureAwait(false);
        return _process.ExitCode;
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }
}
