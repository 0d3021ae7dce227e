using System.Diagnostics;
using System.Text;

namespace EcommerceMl.Cli.Tests.Local.Containers;

/// <summary>`ecml up` as its own process, as a user starts it (output collected), stopped with SIGINT as Ctrl+C stops it.</summary>
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

    public static UpProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var command = LocalProcesses.Ecml;
        var info = new ProcessStartInfo(command.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.PrefixArguments.Concat(["up"]).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new UpProcess(Process.Start(info)!);
    }

    /// <summary>Ctrl+C: local mode stops every container it started, then exits.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
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
