using System.Diagnostics;
using System.Text;

namespace EcommerceMl.Cli.Tests.Local.Containers;

/// <summary>
/// `ecml up` as its own process, as a user starts it from a terminal (output collected), stopped with SIGINT as Ctrl+C
/// stops it. A terminal's foreground command has SIGINT at its default, but a child inherits an ignored SIGINT from its
/// parent — and a test run started in the background of a script (`.ci/run &`, nohup) has it ignored all the way down
/// to here, where Ctrl+C would then never arrive. So the process starts through `env --default-signal=INT`, as from a
/// terminal, unless a test asks for SIGINT ignored.
/// </summary>
internal sealed class UpProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private UpProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="ignoreSigint">Start it as `ecml up … &amp;` in a script starts it: SIGINT ignored.</param>
    public static UpProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, bool ignoreSigint = false)
    {
        var command = LocalProcesses.Ecml;
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ignoreSigint ? "--ignore-signal=INT" : "--default-signal=INT", command.FileName }.Concat(command.PrefixArguments).Concat(["up"]).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new UpProcess(Process.Start(info)!);
    }

    public int Id => _process.Id;

    /// <summary>Ctrl+C (or <paramref name="signal"/>, e.g. TERM): local mode stops every container it started, then exits.</summary>
    public async Task<int> StopAsync(string signal = "INT")
    {
        if (!_process.HasExited)
        {
            var ignoresSigint = InterruptSignal.IsIgnoredBy(_process.Id);
            using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException(
                    $"ecml up (pid {_process.Id}) did not exit within 2 min of SIG{signal}{(ignoresSigint ? "; it ignores SIGINT" : string.Empty)}. Its output:\n{Output}", e);
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
