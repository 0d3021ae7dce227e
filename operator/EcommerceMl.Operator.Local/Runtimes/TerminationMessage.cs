using System.Text;

namespace EcommerceMl.Operator.Local.Runtimes;

/// <summary>The kubelet's rule for a terminated container's message.</summary>
public static class TerminationMessage
{
    /// <summary>What the kubelet reads of the termination-message file.</summary>
    public const int FileLimitBytes = 4096;

    /// <summary>FallbackToLogsOnError takes at most this many of the last log lines …</summary>
    public const int LogLineLimit = 80;

    /// <summary>… and at most this many bytes of them.</summary>
    public const int LogLimitBytes = 2048;

    /// <summary>
    /// The file's content (first <see cref="FileLimitBytes"/> bytes) when the container wrote one; else, for
    /// policy <c>FallbackToLogsOnError</c> and a failure, the end of its log; else none.
    /// </summary>
    public static string? Of(string? fileContent, string? policy, int exitCode, Func<int, string> logTail)
    {
        ArgumentNullException.ThrowIfNull(logTail);
        if (!string.IsNullOrEmpty(fileContent))
        {
            return Truncate(fileContent, FileLimitBytes, keepEnd: false);
        }

        if (policy == "FallbackToLogsOnError" && exitCode != 0)
        {
            var tail = logTail(LogLineLimit);
            return tail.Length == 0 ? null : Truncate(tail, LogLimitBytes, keepEnd: true);
        }

        return null;
    }

    private static string Truncate(string text, int limit, bool keepEnd)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= limit)
        {
            return text;
        }

        // Cut on a character boundary: decoding a slice can split a multi-byte character, which the replacement character marks.
        var slice = keepEnd ? bytes[^limit..] : bytes[..limit];
        return Encoding.UTF8.GetString(slice).Trim('\uFFFD');
    }
}
