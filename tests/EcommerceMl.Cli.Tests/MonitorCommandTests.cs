using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Cli.Tests;

public sealed class MonitorCommandTests
{
    [Fact]
    public void Ecml_HasAMonitorCommand_WithExactlyTheMonitorArguments()
    {
        var monitor = EcmlCommand.Create().Subcommands.Single(c => c.Name == MonitorArguments.Command);

        Assert.Equal(MonitorArguments.All.Select(a => a.Option).Order(StringComparer.Ordinal), monitor.Options.Select(o => o.Name).Order(StringComparer.Ordinal));
    }
}
