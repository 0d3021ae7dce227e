using EcommerceMl.Operator.Local.Runtimes;

namespace EcommerceMl.Operator.Tests.Local.Runtimes;

/// <summary>The kubelet's rule for a terminated container's message: the file, else the log's end for FallbackToLogsOnError failures.</summary>
public sealed class TerminationMessageTests
{
    private static string Log(int lines) => string.Join('\n', Enumerable.Range(1, lines).Select(i => $"line {i}"));

    [Fact]
    public void TheFilesContent_WinsOverTheLog()
    {
        Assert.Equal("out of data", TerminationMessage.Of("out of data", "FallbackToLogsOnError", 1, _ => "error: other"));
    }

    [Fact]
    public void AnEmptyFile_FallsBackToTheLogsLastLines_OnlyForAFailure()
    {
        Assert.Equal("error: boom", TerminationMessage.Of("", "FallbackToLogsOnError", 1, _ => "error: boom"));
        Assert.Null(TerminationMessage.Of("", "FallbackToLogsOnError", 0, _ => "done"));
        Assert.Null(TerminationMessage.Of(null, "File", 1, _ => "error: boom"));
    }

    [Fact]
    public void TheFallback_AsksFor80Lines_AndKeepsTheLast2048Bytes()
    {
        var asked = 0;
        var message = TerminationMessage.Of(null, "FallbackToLogsOnError", 137, lines =>
        {
            asked = lines;
            return Log(lines);
        });

        Assert.Equal(80, asked);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(message!) <= 2048);
        Assert.EndsWith("line 80", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFile_IsReadUpTo4096Bytes()
    {
        Assert.Equal(4096, TerminationMessage.Of(new string('x', 5000), "File", 1, _ => "")!.Length);
    }
}
