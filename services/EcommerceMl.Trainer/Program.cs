using EcommerceMl.Trainer;

// The trainer container's entry point: `train` at the root (what a TrainingJob's Pod runs; `ecml train`
// configures the same command in-process), `monitor` as the first argument for a Model's monitoring Job, `batch` for a shard of its outputs Job.
return await TrainerCommandLine.InvokeAsync(args);
