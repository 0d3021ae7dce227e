using System.CommandLine;
using EcommerceMl.Trainer;

// The trainer container's entry point (what a TrainingJob's Pod runs); `ecml train` configures
// the same command in-process. `monitor` is what a Model's monitoring Job runs (`ecml monitor` in-process).
var root = new RootCommand("EcommerceMl trainer: reads shop data, trains, evaluates on held-out data, publishes a versioned model.");
TrainCommand.Configure(root);
var monitor = new Command(EcommerceMl.Contracts.Monitoring.MonitorArguments.Command, MonitorCommand.Description);
MonitorCommand.Configure(monitor);
root.Subcommands.Add(monitor);
return await CommandLineRunner.InvokeAsync(root, args);
