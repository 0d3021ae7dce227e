using System.CommandLine;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>The `ecml` command tree; each subcommand lives in its own file.</summary>
public static class EcmlCommand
{
    /// <param name="time">The clock commands read today from (forecast starts); the system's unless a test fixes it.</param>
    public static RootCommand Create(TimeProvider? time = null)
    {
        var root = new RootCommand("EcommerceMl: train, evaluate and serve an online shop's models — recommendations, sales forecasts, churn.");
        var train = new Command("train", "Read shop data, train one model, evaluate it on held-out data and publish a new version to the store.");
        TrainCommand.Configure(train);
        root.Subcommands.Add(train);
        var monitor = new Command(Contracts.Monitoring.MonitorArguments.Command, MonitorCommand.Description);
        MonitorCommand.Configure(monitor, time);
        root.Subcommands.Add(monitor);
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(StoreCommand.Create(time ?? TimeProvider.System));
        root.Subcommands.Add(EventsCommand.Create(time ?? TimeProvider.System));
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(Evaluate.EvaluateCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(PredictCommand.Create(time ?? TimeProvider.System));
        root.Subcommands.Add(UpCommand.Create());
        root.Subcommands.Add(GetCommand.Create());
        root.Subcommands.Add(Simulate.SimulateCommand.Create(time ?? TimeProvider.System));
        root.Subcommands.Add(Retrain.RetrainCommand.Create(time ?? TimeProvider.System));
        return root;
    }
}
