using System.Globalization;

namespace EcommerceMl.Cli;

/// <summary>
/// Whether Ctrl+C (SIGINT) can reach a process. A command started in the background of a non-interactive
/// shell (<c>cmd &amp;</c> in a script, <c>nohup</c>) inherits SIGINT as ignored, .NET keeps it so, and so do its
/// children: <c>ecml up</c> then never hears Ctrl+C or <c>kill -INT</c> and runs on; only SIGTERM (<c>kill PID</c>)
/// stops it. Linux says which signals a process ignores in <c>/proc/PID/status</c> (<c>SigIgn</c>, a hex bit mask).
/// </summary>
internal static class InterruptSignal
{
    private const int SigInt = 2;

    /// <summary>True when the <c>SigIgn</c> line of <paramref name="procStatus"/> (a <c>/proc/PID/status</c>) has SIGINT's bit; false when it has not or there is no such line.</summary>
    public static bool IsIgnored(string procStatus)
    {
        ArgumentNullException.ThrowIfNull(procStatus);
        var line = procStatus.Split('\n').FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (SigInt - 1))) != 0;
    }

    /// <summary>True when process <paramref name="pid"/> ignores SIGINT; false when it does not, or it is gone, or this is no Linux.</summary>
    public static bool IsIgnoredBy(int pid)
    {
        try
        {
            return OperatingSystem.IsLinux() && IsIgnored(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>What <c>ecml up</c> says at start when Ctrl+C cannot stop it; null when it can.</summary>
    public static string? StopHint(int pid) => IsIgnoredBy(pid)
        ? $"note: this process ignores SIGINT (it was started in the background, e.g. `ecml up … &` in a script or under nohup), so Ctrl+C and `kill -INT` do not stop it: stop it with `kill {pid.ToString(CultureInfo.InvariantCulture)}` (SIGTERM)."
        : null;
}
