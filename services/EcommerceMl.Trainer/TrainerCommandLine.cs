using System.CommandLine;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer;

/// <summary>
/// The trainer image's command line. The root is the train command (a TrainingJob's Pod runs the image
/// with its options in variables and no arguments); <c>monitor</c> as the first argument runs the
/// monitor instead, <c>batch</c> the batch predictions of a Model's outputs Job. It is dispatched before parsing rather than added as a subcommand: the root's
/// required options would otherwise be demanded of <c>monitor</c> too.
/// </summary>
public static class TrainerCommandLine
{
    public const string Description =
        "EcommerceMl trainer: reads shop data, trains, evaluates on held-out data, publishes a versioned model. "
        + "'monitor' as the first argument checks a version's drift and realized accuracy instead (monitor --help); "
        + "'batch' writes a version's batch predictions, one shard of them (batch --help).";

    public static Task<int> InvokeAsync(string[] args, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == MonitorArguments.Command)
        {
            var monitor = new RootCommand(MonitorCommand.Description);
            MonitorCommand.Configure(monitor, time);
            return CommandLineRunner.InvokeAsync(monitor, args[1..]);
        }

        if (args.Length > 0 && args[0] == BatchArguments.Command)
        {
            var batch = new RootCommand(BatchCommand.Description);
            // The root's built-in --version (the program's) would shadow the batch's --version (the model's).
            foreach (var builtIn in batch.Options.OfType<VersionOption>().ToList())
            {
                batch.Options.Remove(builtIn);
            }

            BatchCommand.Configure(batch, time ?? TimeProvider.System);
            return CommandLineRunner.InvokeAsync(batch, args[1..]);
        }

        var root = new RootCommand(Description);
        TrainCommand.Configure(root);
        return CommandLineRunner.InvokeAsync(root, args);
    }
}
