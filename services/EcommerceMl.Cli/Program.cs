using System.CommandLine;
using EcommerceMl.Cli;
using EcommerceMl.Trainer;

// `ecml`: the platform on one machine (local mode). Each subcommand lives in its own file.
var root = new RootCommand("EcommerceMl: train, evaluate and serve an online shop's models — recommendations, sales forecasts, churn.");
var train = new Command("train", "Read shop data, train one model, evaluate it on held-out data and publish a new version to the store.");
TrainCommand.Configure(train);
root.Subcommands.Add(train);
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(EcommerceMl.Cli.Evaluate.EvaluateCommand.Create());
return await root.Parse(args).InvokeAsync();
