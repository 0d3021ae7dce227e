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

    [Fact]
    public async Task BothADatabaseAndACsvPrefix_IsInputToFix_SayingSo()
    {
        var command = new Command(BatchArguments.Command);
        BatchCommand.Configure(command, TimeProvider.System);
        using var error = new StringWriter();

        var exit = await command.Parse(["--model", "m", "--store", Path.GetTempPath(), "--db", "postgres://u@localhost/db", "--csv-prefix", "outputs"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }, TestContext.Current.CancellationToken);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("either --db (the database's tables) or --csv-prefix (CSV files), not both", error.ToString(), StringComparison.Ordinal);
    }
}
