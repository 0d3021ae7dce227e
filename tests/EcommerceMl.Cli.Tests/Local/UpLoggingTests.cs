using EcommerceMl.Operator.Local;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>What `ecml up` (and so `make run`) prints: the runners' progress and every warning, not a line per proxied request.</summary>
public sealed class UpLoggingTests
{
    [Fact]
    public void UpLoggers_LeaveOutTheGatewaysPerRequestLines_ButKeepItsWarningsAndTheRunnersProgress()
    {
        using var loggers = UpCommand.CreateLoggers();
        var forwarder = loggers.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder");

        Assert.False(forwarder.IsEnabled(LogLevel.Information));
        Assert.True(forwarder.IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger<LocalJobRunner>().IsEnabled(LogLevel.Information));
    }
}
