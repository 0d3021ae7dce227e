using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>What the operator observed of the run. Written only through the status subresource.</summary>
public sealed class TrainingJobStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("phase")]
    [Description("Pending, Running, Succeeded, Failed or Suspended.")]
    [AllowedValues(TrainingJobPhases.Pending, TrainingJobPhases.Running, TrainingJobPhases.Succeeded, TrainingJobPhases.Failed, TrainingJobPhases.Suspended)]
    public string? Phase { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Created, Running, Succeeded, Failed, Suspended.")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("jobName")]
    [Description("The batch/v1 Job that runs the trainer.")]
    public string? JobName { get; set; }

    [JsonPropertyName("attempts")]
    [Description("Trainer Pods started so far (1 + retries).")]
    public int? Attempts { get; set; }

    [JsonPropertyName("startTime")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("modelVersion")]
    [Description("The version the run published.")]
    public string? ModelVersion { get; set; }

    [JsonPropertyName("artifactUri")]
    [Description("Where the version lives: {store}/models/{model}/versions/{version}/.")]
    public string? ArtifactUri { get; set; }

    [JsonPropertyName("metrics")]
    [Description("Held-out evaluation metrics of the published version, from its manifest.")]
    public IDictionary<string, double>? Metrics { get; set; }

    [JsonPropertyName("gate")]
    [Description("The quality gate's outcome, from the published version's manifest.")]
    public GateStatus? Gate { get; set; }

    [JsonPropertyName("message")]
    [Description("A human-readable summary of the latest state, e.g. the trainer's error.")]
    public string? Message { get; set; }
}

/// <summary>How the published version fared against <c>spec.evaluation.gate</c>.</summary>
public sealed class GateStatus
{
    [JsonPropertyName("metric")]
    public string Metric { get; set; } = "";

    [JsonPropertyName("value")]
    public double? Value { get; set; }

    [JsonPropertyName("passed")]
    public bool Passed { get; set; }

    [JsonPropertyName("summary")]
    [Description("e.g. ndcg_at_10=0.3120 (minimum 0.25): passed.")]
    public string? Summary { get; set; }
}

/// <summary>Values of <c>status.phase</c>.</summary>
public static class TrainingJobPhases
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";

    public static bool IsFinished(string? phase) => phase is Succeeded or Failed;
}

/// <summary>Types of <c>status.conditions</c> on a TrainingJob.</summary>
public static class TrainingJobConditions
{
    public const string Created = "Created";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";
}

/// <summary>Reasons of TrainingJob conditions (CamelCase, as the API conventions ask).</summary>
public static class TrainingJobReasons
{
    public const string JobNotCreated = "JobNotCreated";
    public const string JobCreated = "JobCreated";
    public const string PodsPending = "PodsPending";
    public const string PodsRunning = "PodsRunning";
    public const string TrainingSucceeded = "TrainingSucceeded";
    public const string SuspendedBySpec = "SuspendedBySpec";
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";

    /// <summary>The trainer refused the request (exit code 2): unknown hyperparameter, invalid data, ...; never retried.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>The trainer published a version that missed spec.evaluation.gate (exit code 3); the version is recorded but never served as latest.</summary>
    public const string GateNotMet = "GateNotMet";

    /// <summary>
    /// The trainer published a version worse than the model's servable version (the champion) by more than
    /// spec.evaluation.gate.tolerance, both scored on its held-out window (exit code 4); recorded, never served as latest.
    /// </summary>
    public const string ChampionNotBeaten = "ChampionNotBeaten";

    /// <summary>Whether the trainer published a version although the run failed: the gate or the champion said no to serving it.</summary>
    public static bool PublishedAnyway(string? reason) => reason is GateNotMet or ChampionNotBeaten;

    /// <summary>The trainer finished but the store holds no version from this TrainingJob.</summary>
    public const string ArtifactUploadFailed = "ArtifactUploadFailed";

    /// <summary>A Job of the expected name exists but belongs to another resource (an earlier TrainingJob of the same name still being deleted).</summary>
    public const string JobNotOwned = "JobNotOwned";

    /// <summary>The Job failed for a reason Kubernetes gave that has no reason of its own here.</summary>
    public const string JobFailed = "JobFailed";

    /// <summary>Event: the TrainingJob was deleted with output.deleteArtifactsOnDelete and its version left the store.</summary>
    public const string ArtifactsDeleted = "ArtifactsDeleted";
}
