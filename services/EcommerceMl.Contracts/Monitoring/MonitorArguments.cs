namespace EcommerceMl.Contracts.Monitoring;

/// <summary>
/// The monitor's command line (<c>ecml monitor</c>, and <c>monitor</c> of the trainer image, which a
/// Model's monitoring Job runs) with the <c>ECML_*</c> variable each option falls back to. Options it
/// shares with the trainer use the trainer's variables, so one Pod environment serves both.
/// </summary>
public static class MonitorArguments
{
    /// <summary>The trainer image's subcommand a monitoring Job runs.</summary>
    public const string Command = "monitor";

    public static TrainerArgument Model { get; } = new("--model", TrainerVariables.Model);
    public static TrainerArgument Data { get; } = new("--data", TrainerVariables.Data);
    public static TrainerArgument Store { get; } = new("--store", TrainerVariables.Store);

    /// <summary>The version to monitor; default the servable latest.</summary>
    public static TrainerArgument Version { get; } = new("--version", "ECML_MONITOR_VERSION");

    /// <summary>Days of live data to compare with the reference (the Model's <c>monitoring.window</c>).</summary>
    public static TrainerArgument WindowDays { get; } = new("--window-days", "ECML_MONITOR_WINDOW_DAYS");

    /// <summary>The drift threshold of the distances (PSI, Wasserstein, Jensen–Shannon); tests use p &lt; 0.05.</summary>
    public static TrainerArgument Threshold { get; } = new("--threshold", "ECML_MONITOR_THRESHOLD");

    /// <summary>Rows each side needs before a feature may be judged at all.</summary>
    public static TrainerArgument MinSamples { get; } = new("--min-samples", "ECML_MONITOR_MIN_SAMPLES");

    /// <summary>The realized-performance metric (default: the task's gate metric).</summary>
    public static TrainerArgument PerformanceMetric { get; } = new("--performance-metric", "ECML_MONITOR_PERFORMANCE_METRIC");

    /// <summary>The relative drop of realized accuracy against the value at training that counts as degraded.</summary>
    public static TrainerArgument MaxRelativeDrop { get; } = new("--max-relative-drop", "ECML_MONITOR_MAX_RELATIVE_DROP");

    /// <summary>
    /// The event sink also read: <c>true</c> or <c>store</c> (default: the store's own), <c>false</c> or <c>none</c>, a
    /// PostgreSQL connection (the servers' <c>received_events</c>) or a sink's folder or <c>s3://</c> prefix.
    /// </summary>
    public static TrainerArgument Events { get; } = new("--events", "ECML_MONITOR_EVENTS");

    public static IReadOnlyList<TrainerArgument> All { get; } =
        [Model, Data, Store, Version, WindowDays, Threshold, MinSamples, PerformanceMetric, MaxRelativeDrop, Events];
}
