using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>What the operator observed of a Model (named so beside ModelDeployment's <see cref="ModelStatus"/>, its KServe-style modelStatus): its versions, its runs, its health. Written only through the status subresource.</summary>
public sealed class ModelResourceStatus
{
    /// <summary>How many finished runs <see cref="History"/> keeps.</summary>
    public const int HistoryLimit = 10;

    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("latestVersion")]
    [Description("The newest version of the model in the store, servable or not.")]
    public string? LatestVersion { get; set; }

    [JsonPropertyName("lastTrainedTime")]
    [Description("When the newest version was created.")]
    public DateTime? LastTrainedTime { get; set; }

    [JsonPropertyName("servableVersion")]
    [Description("The newest servable version (its gate passed and it did not lose to the champion): what ModelDeployments following latest serve.")]
    public string? ServableVersion { get; set; }

    [JsonPropertyName("activeJob")]
    [Description("The TrainingJob of this Model that is running now, if any.")]
    public string? ActiveJob { get; set; }

    [JsonPropertyName("lastTrigger")]
    [Description("The trigger that started the latest run.")]
    public TriggerRecord? LastTrigger { get; set; }

    [JsonPropertyName("pendingTrigger")]
    [Description("A trigger that is due but waits (an active run, the cool-down, suspension), and what it waits for.")]
    public TriggerRecord? PendingTrigger { get; set; }

    [JsonPropertyName("lastScheduleTime")]
    [Description("The latest occurrence of the cron schedule that was acted on.")]
    public DateTime? LastScheduleTime { get; set; }

    [JsonPropertyName("nextScheduleTime")]
    [Description("The next occurrence of the cron schedule.")]
    public DateTime? NextScheduleTime { get; set; }

    [JsonPropertyName("monitoring")]
    [Description("The newest monitoring Job (batch/v1) of this Model and how it went.")]
    public MonitoringRunStatus? Monitoring { get; set; }

    [JsonPropertyName("drift")]
    [Description("Drift of the servable version, from the newest monitoring report.")]
    public DriftStatus? Drift { get; set; }

    [JsonPropertyName("performance")]
    [Description("Realized accuracy of the servable version on data labelled since its cutoff, from the newest monitoring report.")]
    public PerformanceStatus? Performance { get; set; }

    [JsonPropertyName("newData")]
    [Description("New orders and events since the data the servable version was trained on, from the newest monitoring report.")]
    public NewDataStatus? NewData { get; set; }

    [JsonPropertyName("outputs")]
    [Description("The batch outputs Job of the newest servable version (spec.outputs) and how far it got.")]
    public BatchOutputStatus? Outputs { get; set; }

    [JsonPropertyName("history")]
    [Description("The latest finished runs, newest first (at most 10): trigger, version, metrics and gate outcome.")]
    [System.ComponentModel.DataAnnotations.MaxLength(HistoryLimit)]
    public IList<TrainingRecord>? History { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Trained, Training, DriftDetected, PerformanceDegraded, Ready.")]
    public IList<V1Condition>? Conditions { get; set; }
}

/// <summary>A trigger as it fired (or waits): why, how urgent, when, and its TrainingJob.</summary>
public sealed class TriggerRecord
{
    [JsonPropertyName("reason")]
    [Description("Initial, DriftDetected, PerformanceDegraded, Scheduled, MaxAge or NewData.")]
    public string Reason { get; set; } = "";

    [JsonPropertyName("priority")]
    public int Priority { get; set; }

    [JsonPropertyName("time")]
    [Description("When it fired (or was first found waiting).")]
    public DateTime? Time { get; set; }

    [JsonPropertyName("job")]
    [Description("The TrainingJob it starts (its name is the trigger's, so a restart never starts a second).")]
    public string? Job { get; set; }

    [JsonPropertyName("message")]
    [Description("Why it fired, and for a waiting trigger what it waits for.")]
    public string? Message { get; set; }
}

/// <summary>One monitoring run.</summary>
public sealed class MonitoringRunStatus
{
    [JsonPropertyName("job")]
    public string Job { get; set; } = "";

    [JsonPropertyName("version")]
    [Description("The version it monitors.")]
    public string? Version { get; set; }

    [JsonPropertyName("phase")]
    [Description("Running, Succeeded or Failed.")]
    public string? Phase { get; set; }

    [JsonPropertyName("startTime")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

/// <summary>The batch outputs of one version: its Indexed Job and its shards.</summary>
public sealed class BatchOutputStatus
{
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    [JsonPropertyName("version")]
    [Description("The version whose predictions are written.")]
    public string Version { get; set; } = "";

    [JsonPropertyName("job")]
    [Description("The Indexed Job (batch/v1) writing them.")]
    public string Job { get; set; } = "";

    [JsonPropertyName("phase")]
    [Description("Running, Succeeded (every shard written: the latest_* views or the _LATEST pointer show the version) or Failed.")]
    public string Phase { get; set; } = Running;

    [JsonPropertyName("shards")]
    public int Shards { get; set; }

    [JsonPropertyName("completedShards")]
    [Description("Shards written so far.")]
    public int CompletedShards { get; set; }

    [JsonPropertyName("completedIndexes")]
    [Description("Which shards are written, as the Job reports them (e.g. 0-2,4).")]
    public string? CompletedIndexes { get; set; }

    [JsonPropertyName("startTime")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

/// <summary>Drift of the servable version's inputs and outputs.</summary>
public sealed class DriftStatus
{
    [JsonPropertyName("checkedAt")]
    public DateTime? CheckedAt { get; set; }

    [JsonPropertyName("version")]
    [Description("The version the report is about.")]
    public string? Version { get; set; }

    [JsonPropertyName("detected")]
    public bool Detected { get; set; }

    [JsonPropertyName("score")]
    [Description("The share of the features with a sufficient sample that drifted.")]
    public double? Score { get; set; }

    [JsonPropertyName("summary")]
    [Description("e.g. Detected (2/8) or None (0/8): what kubectl get shows.")]
    public string? Summary { get; set; }

    [JsonPropertyName("driftedFeatures")]
    public IList<string>? DriftedFeatures { get; set; }

    [JsonPropertyName("features")]
    [Description("Every feature compared: statistic, score, threshold and the sample sizes of both sides.")]
    public IList<FeatureDriftStatus>? Features { get; set; }

    [JsonPropertyName("prediction")]
    [Description("Drift of the model's outputs.")]
    public FeatureDriftStatus? Prediction { get; set; }
}

/// <summary>One feature's comparison of the live window with the reference at training.</summary>
public sealed class FeatureDriftStatus
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("method")]
    [Description("psi, ks, wasserstein, jensen_shannon or chi_square (ks and chi_square scores are p-values: drift below the threshold).")]
    public string? Method { get; set; }

    [JsonPropertyName("score")]
    [Description("Absent when there was nothing to score (no live rows since the version's data end).")]
    public double? Score { get; set; }

    [JsonPropertyName("threshold")]
    public double Threshold { get; set; }

    [JsonPropertyName("referenceCount")]
    public long ReferenceCount { get; set; }

    [JsonPropertyName("currentCount")]
    public long CurrentCount { get; set; }

    [JsonPropertyName("sufficient")]
    [Description("False when either side had fewer rows than the minimum sample: reported, never drifted.")]
    public bool Sufficient { get; set; }

    [JsonPropertyName("drifted")]
    public bool Drifted { get; set; }
}

/// <summary>Realized accuracy against the value at training.</summary>
public sealed class PerformanceStatus
{
    [JsonPropertyName("checkedAt")]
    public DateTime? CheckedAt { get; set; }

    [JsonPropertyName("metric")]
    public string Metric { get; set; } = "";

    [JsonPropertyName("value")]
    [Description("On data labelled since the version's cutoff.")]
    public double Value { get; set; }

    [JsonPropertyName("atTraining")]
    [Description("On the held-out window at training.")]
    public double? AtTraining { get; set; }

    [JsonPropertyName("count")]
    [Description("Labelled rows (customers, days) the value rests on.")]
    public long Count { get; set; }

    [JsonPropertyName("maxRelativeDrop")]
    public double MaxRelativeDrop { get; set; }

    [JsonPropertyName("degraded")]
    public bool Degraded { get; set; }
}

/// <summary>New data since the servable version's data.</summary>
public sealed class NewDataStatus
{
    [JsonPropertyName("checkedAt")]
    public DateTime? CheckedAt { get; set; }

    [JsonPropertyName("since")]
    [Description("The end of the data the servable version was trained on.")]
    public DateTime? Since { get; set; }

    [JsonPropertyName("orders")]
    public long Orders { get; set; }

    [JsonPropertyName("events")]
    public long Events { get; set; }
}

/// <summary>One finished run of the Model.</summary>
public sealed class TrainingRecord
{
    [JsonPropertyName("job")]
    [Description("The TrainingJob.")]
    public string Job { get; set; } = "";

    [JsonPropertyName("trigger")]
    public string? Trigger { get; set; }

    [JsonPropertyName("startTime")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("phase")]
    [Description("Succeeded or Failed.")]
    public string? Phase { get; set; }

    [JsonPropertyName("version")]
    [Description("The version it published (also when it is not servable).")]
    public string? Version { get; set; }

    [JsonPropertyName("servable")]
    [Description("Whether the version became servable (gate passed, not worse than the champion).")]
    public bool? Servable { get; set; }

    [JsonPropertyName("metrics")]
    public IDictionary<string, double>? Metrics { get; set; }

    [JsonPropertyName("gate")]
    public GateStatus? Gate { get; set; }

    [JsonPropertyName("champion")]
    [Description("The candidate against the servable version of when the run started, both on the candidate's held-out window.")]
    public ChampionStatus? Champion { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

/// <summary>The champion/challenger comparison recorded in the candidate's manifest.</summary>
public sealed class ChampionStatus
{
    [JsonPropertyName("version")]
    [Description("The champion (the servable version when the run started).")]
    public string Version { get; set; } = "";

    [JsonPropertyName("metric")]
    public string Metric { get; set; } = "";

    [JsonPropertyName("championValue")]
    public double? ChampionValue { get; set; }

    [JsonPropertyName("challengerValue")]
    public double? ChallengerValue { get; set; }

    [JsonPropertyName("tolerance")]
    public double Tolerance { get; set; }

    [JsonPropertyName("passed")]
    public bool Passed { get; set; }

    [JsonPropertyName("summary")]
    public string? Summary { get; set; }
}

/// <summary>Types of <c>status.conditions</c> on a Model.</summary>
public static class ModelConditions
{
    /// <summary>A servable version exists.</summary>
    public const string Trained = "Trained";

    /// <summary>A run is active.</summary>
    public const string Training = "Training";

    /// <summary>
    /// The newest report of the monitored version found drift; the message names the features. Unknown before the first
    /// report (<see cref="ModelReasons.NotMonitored"/>) and when it had too few rows to judge anything (<see cref="ModelReasons.NotJudged"/>).
    /// </summary>
    public const string DriftDetected = "DriftDetected";

    /// <summary>The newest report found realized accuracy degraded.</summary>
    public const string PerformanceDegraded = "PerformanceDegraded";

    /// <summary>The spec is valid and a servable version exists.</summary>
    public const string Ready = "Ready";
}

/// <summary>Reasons of Model conditions and Events (CamelCase); trigger reasons are <see cref="TrainingTriggers"/>.</summary>
public static class ModelReasons
{
    public const string ServableVersionAvailable = "ServableVersionAvailable";
    public const string NoServableVersion = "NoServableVersion";
    public const string Idle = "Idle";
    public const string Suspended = "Suspended";
    public const string Waiting = "Waiting";
    public const string NoDrift = "NoDrift";
    public const string NotMonitored = "NotMonitored";

    /// <summary>DriftDetected Unknown: the newest report had too few rows to judge any feature or the predictions (not "no drift").</summary>
    public const string NotJudged = "NotJudged";
    public const string PerformanceWithinBounds = "PerformanceWithinBounds";
    public const string InvalidSpec = "InvalidSpec";
    public const string Ready = "Ready";

    /// <summary>Event: a run finished and its version is servable.</summary>
    public const string NewServableVersion = "NewServableVersion";

    /// <summary>Event: a run finished but its version is not servable (gate missed or lost to the champion).</summary>
    public const string CandidateRejected = "CandidateRejected";

    /// <summary>Event: a run failed.</summary>
    public const string TrainingFailed = "TrainingFailed";

    /// <summary>Event: an active run was deleted for a trigger of higher priority (concurrencyPolicy Replace).</summary>
    public const string RunReplaced = "RunReplaced";

    /// <summary>Event: a trigger is due but waits.</summary>
    public const string TriggerWaiting = "TriggerWaiting";

    /// <summary>Event: a monitoring Job failed.</summary>
    public const string MonitoringFailed = "MonitoringFailed";

    /// <summary>A TrainingJob or Job of the name a trigger needs exists but belongs to something else.</summary>
    public const string NameTaken = "NameTaken";

    /// <summary>Event: retention deleted versions no ModelDeployment uses (spec.retention).</summary>
    public const string VersionsDeleted = "VersionsDeleted";

    /// <summary>Warning Event: retention could not list or delete; the next reconcile tries again.</summary>
    public const string RetentionFailed = "RetentionFailed";

    /// <summary>Event: the batch outputs Job of a new servable version was created (spec.outputs).</summary>
    public const string OutputsStarted = "OutputsStarted";

    /// <summary>Event: every shard of a version's batch outputs is written; the latest_* views (the _LATEST pointer of CSV outputs) show it.</summary>
    public const string OutputsWritten = "OutputsWritten";

    /// <summary>Warning Event: a version's batch outputs Job failed, or could not be built.</summary>
    public const string OutputsFailed = "OutputsFailed";
}
