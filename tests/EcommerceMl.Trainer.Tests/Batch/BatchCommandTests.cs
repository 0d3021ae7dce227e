using System.CommandLine;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

/// <summary>The trainer image's <c>batch</c>: the contract's options, each falling back to its variable, and input to fix as exit 2.</summary>
public sealed class BatchCommandTests
{
    [Fact]
    public void Configure_HasEveryBatchArgument_EachNamingItsVariable()
    {
        var command = new Command(BatchArguments.Command);
        BatchCommand.Configure(command, TimeProvider.System);

        Assert.All(BatchArguments.All, a => Assert.Contains(a.Variable, command.Options.Single(o => o.Name == a.Option).Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheImagesBatchSubcommand_WithAShardOutsideTheRun_IsInputToFix() =>
        Assert.Equal(
            TrainerExitCodes.InvalidInput,
            await TrainerCommandLine.InvokeAsync([BatchArguments.Command, "--model", "m", "--store", Path.GetTempPath(), "--shards", "2", "--shard", "5"]));
}
