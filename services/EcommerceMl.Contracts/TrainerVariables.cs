namespace EcommerceMl.Contracts;

/// <summary>
/// The environment variables the trainer reads, one per option of <c>ecml train</c>
/// (<see cref="TrainerArguments"/> pairs them): how a TrainingJob's Pod is configured.
/// </summary>
public static class TrainerVariables
{
    public const string Task = "ECML_TASK";
    public const string Algorithm = "ECML_ALGORITHM";
    public const string Data = "ECML_DATA";
    public const string Store = "ECML_STORE";
    public const string Model = "ECML_MODEL";

    /// <summary>Comma-separated <c>key=value</c> pairs.</summary>
    public const string Hyperparameters = "ECML_HYPERPARAMETERS";
    public const string HoldoutDays = "ECML_HOLDOUT_DAYS";
    public const string K = "ECML_K";
    public const string Seed = "ECML_SEED";

    /// <summary>Train on the last N days of the data (0 = all).</summary>
    public const string WindowDays = "ECML_WINDOW_DAYS";

    /// <summary>The TrainingJob (<c>namespace/name</c>) the run belongs to; recorded in the manifest.</summary>
    public const string TrainingJob = "ECML_TRAINING_JOB";

    /// <summary>The namespace of the TrainingJob the run belongs to; recorded in the manifest (<see cref="ModelManifest.Namespace"/>).</summary>
    public const string Namespace = "ECML_NAMESPACE";
    public const string GateMetric = "ECML_GATE_METRIC";
    public const string GateMinimum = "ECML_GATE_MINIMUM";
    public const string GateMaximum = "ECML_GATE_MAXIMUM";

    /// <summary>How much worse than the champion (the servable version) a candidate may be on the gate metric, scored on the candidate's held-out window.</summary>
    public const string GateTolerance = "ECML_GATE_TOLERANCE";

    /// <summary>Why the run started (<see cref="TrainingTriggers"/>); recorded in the manifest. Default <c>Manual</c>.</summary>
    public const string Trigger = "ECML_TRIGGER";

    /// <summary>
    /// The event sink merged into the training data: <see cref="EventsFromStore"/> (the sink beside the models, in the
    /// run's own store), a store location (a folder or <c>s3://bucket[/prefix]</c>), a PostgreSQL connection whose
    /// <c>received_events</c> table the servers write (from a Secret on Kubernetes), or unset for none.
    /// </summary>
    public const string Events = "ECML_EVENTS";

    /// <summary>Days of the event sink read, counted back from the run's start (by the time the server received them); default 90.</summary>
    public const string EventsWindowDays = "ECML_EVENTS_WINDOW_DAYS";

    /// <summary>The value of <see cref="Events"/> naming the sink in the run's own model store (<c>{store}/events/</c>).</summary>
    public const string EventsFromStore = "store";

    /// <summary>The data source name of the built-in synthetic shop.</summary>
    public const string SyntheticData = "synthetic";

    /// <summary>What the manifest records as the run's TrainingJob when none is given (a run on one machine).</summary>
    public const string LocalTrainingJob = "local";
}
