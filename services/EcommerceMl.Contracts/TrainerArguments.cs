namespace EcommerceMl.Contracts;

/// <summary>One option of the trainer and the ECML_* variable it falls back to when not given.</summary>
public sealed record TrainerArgument(string Option, string Variable);

/// <summary>
/// The trainer's command line: every option with its environment variable. The trainer builds its
/// command from this list, so an option without a variable (or the reverse) cannot exist.
/// </summary>
public static class TrainerArguments
{
    public static TrainerArgument Task { get; } = new("--task", TrainerVariables.Task);
    public static TrainerArgument Algorithm { get; } = new("--algorithm", TrainerVariables.Algorithm);
    public static TrainerArgument Data { get; } = new("--data", TrainerVariables.Data);
    public static TrainerArgument Store { get; } = new("--store", TrainerVariables.Store);
    public static TrainerArgument Model { get; } = new("--model", TrainerVariables.Model);

    /// <summary>Repeatable <c>--hp key=value</c>; the variable holds them comma-separated.</summary>
    public static TrainerArgument Hyperparameters { get; } = new("--hp", TrainerVariables.Hyperparameters);
    public static TrainerArgument HoldoutDays { get; } = new("--holdout-days", TrainerVariables.HoldoutDays);
    public static TrainerArgument K { get; } = new("--k", TrainerVariables.K);
    public static TrainerArgument Seed { get; } = new("--seed", TrainerVariables.Seed);
    public static TrainerArgument WindowDays { get; } = new("--window-days", TrainerVariables.WindowDays);
    public static TrainerArgument TrainingJob { get; } = new("--training-job", TrainerVariables.TrainingJob);
    public static TrainerArgument Namespace { get; } = new("--namespace", TrainerVariables.Namespace);
    public static TrainerArgument GateMetric { get; } = new("--gate-metric", TrainerVariables.GateMetric);
    public static TrainerArgument GateMinimum { get; } = new("--gate-minimum", TrainerVariables.GateMinimum);
    public static TrainerArgument GateMaximum { get; } = new("--gate-maximum", TrainerVariables.GateMaximum);
    public static TrainerArgument GateTolerance { get; } = new("--gate-tolerance", TrainerVariables.GateTolerance);
    public static TrainerArgument Trigger { get; } = new("--trigger", TrainerVariables.Trigger);
    public static TrainerArgument Events { get; } = new("--events", TrainerVariables.Events);
    public static TrainerArgument EventsWindowDays { get; } = new("--events-window-days", TrainerVariables.EventsWindowDays);

    public static IReadOnlyList<TrainerArgument> All { get; } =
        [Task, Algorithm, Data, Store, Model, Hyperparameters, HoldoutDays, K, Seed, WindowDays, TrainingJob, Namespace, GateMetric, GateMinimum, GateMaximum, GateTolerance, Trigger, Events, EventsWindowDays];
}
