using System.CommandLine;
using EcommerceMl.Trainer;

// The trainer container's entry point (what a TrainingJob's Pod runs); `ecml train` configures
// the same command in-process.
var root = new RootCommand("EcommerceMl trainer: reads shop data, trains, evaluates on held-out data, publishes a versioned model.");
TrainCommand.Configure(root);
return await CommandLineRunner.InvokeAsync(root, args);
