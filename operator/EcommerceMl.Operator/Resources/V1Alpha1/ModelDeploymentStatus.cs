using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// What is being served, with revision tracking after KServe: the version rolled out, the one being
/// tried, the one before, how traffic is split, and how the last transition went.
/// </summary>
public sealed class ModelDeploymentStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("currentVersion")]
    [Description("The version rolled out: what the inference Deployment serves once any rollout settles.")]
    public string? CurrentVersion { get; set; }

    [JsonPropertyName("candidateVersion")]
    [Description("The version being rolled out (canary or rolling update), until it is promoted or rolled back.")]
    public string? CandidateVersion { get; set; }

    [JsonPropertyName("previousVersion")]
    [Description("The version currentVersion replaced. With rollout.keepPrevious it keeps running in {name}-predictor-previous (condition PreviousReady): pin spec.version to it for an instant rollback.")]
    public string? PreviousVersion { get; set; }

    [JsonPropertyName("traffic")]
    [Description("Share of the replicas (so of the requests) each version serves.")]
    public IList<TrafficTarget>? Traffic { get; set; }

    [JsonPropertyName("endpoint")]
    [Description("In-cluster URL of the REST API.")]
    public string? Endpoint { get; set; }

    [JsonPropertyName("readyReplicas")]
    [Description("Ready inference Pods, canary included.")]
    public int? ReadyReplicas { get; set; }

    [JsonPropertyName("modelStatus")]
    [Description("How the last version transition went.")]
    public ModelStatus? ModelStatus { get; set; }

    [JsonPropertyName("analysis")]
    [Description("The canary analysis of candidateVersion (rollout.analysis): step, last values of each check, failed and inconclusive intervals.")]
    public CanaryAnalysisStatus? Analysis { get; set; }

    [JsonPropertyName("conditions")]
    [Description("PredictorReady, CanaryReady (while a canary runs), PreviousReady (while rollout.keepPrevious keeps previousVersion running), RolledBack, and Ready: the AND of PredictorReady and CanaryReady, and false while the spec's version cannot be resolved.")]
    public IList<V1Condition>? Conditions { get; set; }
}

/// <summary>One version and its share of the traffic.</summary>
public sealed class TrafficTarget
{
    [JsonPropertyName("version")]
    public string Version { get; set; } = "";

    [JsonPropertyName("percent")]
    [Range(0, 100)]
    public int Percent { get; set; }

    [JsonPropertyName("tag")]
    [Description("current or candidate.")]
    public string? Tag { get; set; }
}

/// <summary>The state of the version transition (KServe's modelStatus).</summary>
public sealed class ModelStatus
{
    [JsonPropertyName("transitionStatus")]
    [Description("UpToDate, InProgress, BlockedByFailedLoad or InvalidSpec.")]
    [AllowedValues(TransitionStatuses.UpToDate, TransitionStatuses.InProgress, TransitionStatuses.BlockedByFailedLoad, TransitionStatuses.InvalidSpec)]
    public string? TransitionStatus { get; set; }

    [JsonPropertyName("lastFailureInfo")]
    [Description("The last failed transition: why, and which version.")]
    public FailureInfo? LastFailureInfo { get; set; }
}

/// <summary>Why a version could not be served or was rolled back.</summary>
public sealed class FailureInfo
{
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = "";

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("version")]
    [Description("The version that failed, when one was tried.")]
    public string? Version { get; set; }

    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }
}

/// <summary>Values of <c>status.modelStatus.transitionStatus</c>.</summary>
public static class TransitionStatuses
{
    public const string UpToDate = "UpToDate";
    public const string InProgress = "InProgress";
    public const string BlockedByFailedLoad = "BlockedByFailedLoad";
    public const string InvalidSpec = "InvalidSpec";
}

/// <summary>Types of <c>status.conditions</c> on a ModelDeployment.</summary>
public static class ModelDeploymentConditions
{
    public const string PredictorReady = "PredictorReady";
    public const string CanaryReady = "CanaryReady";
    public const string RolledBack = "RolledBack";
    public const string Ready = "Ready";

    /// <summary>rollout.keepPrevious: the standby Deployment serves status.previousVersion on every replica, so pinning it switches at once.</summary>
    public const string PreviousReady = "PreviousReady";
}

/// <summary>Reasons of ModelDeployment conditions and Events.</summary>
public static class ModelDeploymentReasons
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string AnalysisTimeout = "AnalysisTimeout";
    public const string CandidateWorse = "CandidateWorse";
    public const string VersionNotFound = "VersionNotFound";

    /// <summary>The pinned version was published by a namespace the deployment does not accept (its own and spec.versionNamespaces).</summary>
    public const string VersionNotInNamespace = "VersionNotInNamespace";
    public const string NoPassingVersion = "NoPassingVersion";

    /// <summary>The store holds no version of the model yet and a Model or TrainingJob in the namespace will train the first: waiting, not failing (a Normal Event).</summary>
    public const string WaitingForFirstVersion = "WaitingForFirstVersion";
    public const string RolloutStarted = "RolloutStarted";
    public const string Promoted = "Promoted";

    /// <summary>The stable Deployment rolled out a promoted canary's version on every replica, so the canary Deployment was removed (a Normal Event).</summary>
    public const string PromotionFinished = "PromotionFinished";
    public const string RolledBack = "RolledBack";
    public const string NotServing = "NotServing";
    public const string InvalidSpec = "InvalidSpec";
    public const string AnalysisFailed = "AnalysisFailed";
    public const string AnalysisInconclusive = "AnalysisInconclusive";
    public const string Aborted = "Aborted";
    public const string StepAdvanced = "CanaryStepAdvanced";
    public const string AnalysisRunFailed = "AnalysisRunFailed";
    public const string InvalidAnalysis = "InvalidAnalysis";

    /// <summary>spec.version pinned to the previous version kept ready (rollout.keepPrevious): the traffic moved to its standby Pods at once.</summary>
    public const string SwitchedToPrevious = "SwitchedToPrevious";
}
