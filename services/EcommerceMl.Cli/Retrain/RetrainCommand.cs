using System.CommandLine;

namespace EcommerceMl.Cli.Retrain;

/// <summary>`ecml retrain`: what keeps models fresh, seen from one machine — `history` (from the store) and `check` (what would fire now).</summary>
internal static class RetrainCommand
{
    public static Command Create(TimeProvider time)
    {
        var command = new Command("retrain", "The training loop of Models: which runs made each version and why (history), which triggers would fire now (check).");
        command.Subcommands.Add(RetrainHistoryCommand.Create());
        command.Subcommands.Add(RetrainCheckCommand.Create(time));
        return command;
    }

    /// <summary>The store option of both subcommands: local mode's store unless named.</summary>
    public static Option<string> StoreOption() => new("--store")
    {
        Description = "model store: a folder or s3://bucket/prefix (default: local mode's, .ecml/store)",
        DefaultValueFactory = _ => Path.Combine(UpCommand.DefaultState, "store"),
    };
}
