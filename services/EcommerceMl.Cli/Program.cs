using EcommerceMl.Cli;
using EcommerceMl.Trainer;

// `ecml`: the platform on one machine (local mode).
ExitWithParent.StartIfAsked();
return await CommandLineRunner.InvokeAsync(EcmlCommand.Create(), args);
