namespace EcommerceMl.Cli.Tests;

public sealed class InterruptSignalTests
{
    [Theory]
    [InlineData("SigIgn:\t0000000000001006", true)] // SIGINT, SIGQUIT, SIGPIPE: `cmd &` in a script
    [InlineData("SigIgn:\t0000000000000002", true)]
    [InlineData("SigIgn:\t0000000000001004", false)] // SIGQUIT and SIGPIPE only: a terminal's foreground command
    [InlineData("SigIgn:\t0000000000000000", false)]
    [InlineData("SigIgn:\tnot-hex", false)]
    [InlineData("", false)]
    public void IsIgnored_ReadsSigintsBitOfSigIgn(string line, bool ignored) =>
        Assert.Equal(ignored, InterruptSignal.IsIgnored($"Name:\tecml\nSigPnd:\t0000000000000002\n{line}\nSigCgt:\t0000000000004000\n"));

    [Fact]
    public void StopHint_ForAProcessThatIsGone_IsNull() => Assert.Null(InterruptSignal.StopHint(int.MaxValue));
}
