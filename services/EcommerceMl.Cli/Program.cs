using System.CommandLine;
using EcommerceMl.Cli;
using EcommerceMl.Trainer;

// `ecml`: the platform on one machine (local mode).
ExitWithParent.StartIfAsked();
var parse = EcmlCommand.Create().Parse(args);

// Ctrl+C or SIGTERM cancels the command; `ecml up` then stops its children and saves its state, which takes longer than the default 2 s grace.
var exit = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
return parse.Errors.Count > 0 ? TrainerExitCodes.InvalidInput : exit;
