namespace EcommerceMl.Operator.Builders;

/// <summary>
/// The ECML_* variables the trainer reads (services/EcommerceMl.Trainer/TrainCommand.cs); a test
/// checks each name against the trainer's command so the two cannot drift apart.
/// </summary>
public static class TrainerVariables
{
    public const string Task = "ECML_TASK";
    public const string Algorithm = "ECML_ALGORITHM";
    public const string Data = "ECML_DATA";
    public const string Store = "ECML_STORE";
    public const string Model = "ECML_MODEL";
    public const string Hyperparameters = "ECML_HYPERPARAMETERS";
    public const string HoldoutDays = "ECML_HOLDOUT_DAYS";
    public const string K = "ECML_K";
    public const string TrainingJob = "ECML_TRAINING_JOB";
    public const string GateMetric = "ECML_GATE_METRIC";
    public const string GateMinimum = "ECML_GATE_MINIMUM";
    public const string GateMaximum = "ECML_GATE_MAXIMUM";

    /// <summary>The trainer's data source name for the built-in synthetic shop.</summary>
    public const string SyntheticData = "synthetic";

    /// <summary>The trainer's exit code for input the user must fix (TrainCommand.ExitInvalidInput).</summary>
    public const int InvalidInputExitCode = 2;

    /// <summary>The trainer's exit code when the published version missed its gate (CommandLineRunner.ExitGateNotMet).</summary>
    public const int GateNotMetExitCode = 3;
}
