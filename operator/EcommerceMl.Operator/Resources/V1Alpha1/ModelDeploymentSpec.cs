using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// Which model and version to serve, with how many replicas (or an autoscaler), and how a new
/// version is rolled out (a canary optionally judged by live traffic: <see cref="RolloutAnalysisSpec"/>).
/// Drift and retraining fields arrive with the code that honours them. The store and its credentials are the operator's
/// (where TrainingJobs publish by default).
/// </summary>
[CelRule("!has(self.versionNamespaces) || self.versionNamespaces.all(n, n.size() <= 63 && n.matches('" + NamePatterns.Dns1123Label + "'))",
    "versionNamespaces must be namespace names (DNS-1123 labels)")]
public sealed class ModelDeploymentSpec
{
    public const string Latest = ModelVersions.Latest;
    public const int DefaultReplicas = 1;

    [JsonPropertyName("model")]
    [Description("Model name in the store (a DNS-1123 label).")]
    [Required]
    [StringLength(63, MinimumLength = 1)]
    [RegularExpression(NamePatterns.Dns1123Label)]
    public string Model { get; set; } = "";

    [JsonPropertyName("version")]
    [Description("latest (the newest published version whose quality gate passed) or a pinned version such as 20261123T014200Z-1a2b3c.")]
    [RegularExpression(NamePatterns.VersionOrLatest)]
    [DefaultValue(Latest)]
    public string? Version { get; set; }

    [JsonPropertyName("versionNamespaces")]
    [Description("Namespaces whose published versions this deployment may also serve, besides its own (each version records the namespace of the TrainingJob that published it). "
        + "A version without one (published before namespaces were recorded, or by ecml train by hand) counts as namespace default.")]
    [MaxLength(16)]
    public IList<string>? VersionNamespaces { get; set; }

    [JsonPropertyName("replicas")]
    [Description("Inference Pods (ignored while autoscaling is set: the HorizontalPodAutoscaler owns the count).")]
    [Range(0, 100)]
    [DefaultValue(DefaultReplicas)]
    public int? Replicas { get; set; }

    [JsonPropertyName("autoscaling")]
    [Description("Scale the inference Pods on CPU with a HorizontalPodAutoscaler (autoscaling/v2). Unset: a fixed replica count.")]
    public AutoscalingSpec? Autoscaling { get; set; }

    [JsonPropertyName("rollout")]
    [Description("How a new version replaces the current one.")]
    [DefaultEmptyObject]
    public RolloutSpec? Rollout { get; set; }

    [JsonPropertyName("resources")]
    [Description("Compute resources of the inference container. Default: the operator's.")]
    public ResourcesSpec? Resources { get; set; }

    [JsonPropertyName("image")]
    [Description("Inference image. Default: the operator's.")]
    [StringLength(512, MinimumLength = 1)]
    public string? Image { get; set; }

    [JsonPropertyName("shopTimeZone")]
    [Description("The shop's time zone, an IANA id (Europe/London): a forecast without a start date begins today there. An id this system does not know makes the ModelDeployment InvalidSpec.")]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression(NamePatterns.TimeZone)]
    [DefaultValue(DefaultShopTimeZone)]
    public string? ShopTimeZone { get; set; }

    [JsonPropertyName("events")]
    [Description("The shop events POST /v1/events accepts on these Pods: kept in the model store's events/ partitions (every replica writes there, so training reads one place), for how long, and with which personal data.")]
    public EventsSpec? Events { get; set; }

    public const string DefaultShopTimeZone = "UTC";
}

/// <summary>Where the inference Pods write the events they accept, and what they keep (Inference README: the event sink).</summary>
[CelRule("!has(self.postgres) || !has(self.sink) || self.sink", "events.postgres writes the events to a database, which sink: false forbids: set one of them")]
public sealed class EventsSpec
{
    public const int DefaultRetentionDays = 90;

    [JsonPropertyName("sink")]
    [Description("true: events are written to the model store's events/ partitions (Models train and monitor on them). false: they stay in each Pod's memory for drift statistics only.")]
    [DefaultValue(true)]
    public bool? Sink { get; set; }

    [JsonPropertyName("postgres")]
    [Description("Write the events as rows of a PostgreSQL database's received_events table (ecml db migrate creates it) instead of the model store's partitions. The connection comes only from a Secret; TrainingJobs read the same table with dataSource.events.postgres.")]
    public PostgresDataSource? Postgres { get; set; }

    [JsonPropertyName("retentionDays")]
    [Description("Days of events kept (partitions, or rows by the day they were received); older days are deleted. 0 keeps everything.")]
    [Range(0, 36_500)]
    [DefaultValue(DefaultRetentionDays)]
    public int? RetentionDays { get; set; }

    [JsonPropertyName("storeClientIp")]
    [Description("Keep the client's IP address with each event (personal data: off unless the shop has a reason and a basis).")]
    [DefaultValue(false)]
    public bool? StoreClientIp { get; set; }

    [JsonPropertyName("storeUserAgent")]
    [Description("Keep the client's User-Agent header with each event.")]
    [DefaultValue(false)]
    public bool? StoreUserAgent { get; set; }
}

/// <summary>A HorizontalPodAutoscaler on the inference Deployment, scaling on average CPU utilisation.</summary>
[CelRule("!has(self.minReplicas) || self.minReplicas <= self.maxReplicas", "autoscaling.minReplicas must not exceed autoscaling.maxReplicas")]
public sealed class AutoscalingSpec
{
    public const int DefaultMinReplicas = 1;
    public const int DefaultTargetCpu = 80;

    [JsonPropertyName("minReplicas")]
    [Description("Fewest inference Pods.")]
    [Range(1, 100)]
    [DefaultValue(DefaultMinReplicas)]
    public int? MinReplicas { get; set; }

    [JsonPropertyName("maxReplicas")]
    [Description("Most inference Pods.")]
    [Required]
    [Range(1, 100)]
    public int MaxReplicas { get; set; }

    [JsonPropertyName("targetCPUUtilizationPercentage")]
    [Description("Average CPU use, as a percentage of the Pods' CPU request, the autoscaler aims for (set a cpu request in resources).")]
    [Range(1, 100)]
    [DefaultValue(DefaultTargetCpu)]
    public int? TargetCPUUtilizationPercentage { get; set; }
}

/// <summary>How a new version replaces the serving one.</summary>
[CelRule("!has(self.analysis) || (has(self.strategy) && self.strategy == 'Canary')", "rollout.analysis needs strategy: Canary (a rolling update has no second version to measure)")]
public sealed class RolloutSpec
{
    public const string RollingUpdate = "RollingUpdate";
    public const string Canary = "Canary";
    public const int DefaultCanaryTrafficPercent = 10;
    public const int DefaultAnalysisSeconds = 600;
    public const int DefaultRevisionHistoryLimit = 3;

    [JsonPropertyName("strategy")]
    [Description("RollingUpdate: the inference Deployment moves to the new version Pod by Pod. Canary: a second Deployment serves the new version next to the current one until it is promoted or rolled back.")]
    [AllowedValues(RollingUpdate, Canary)]
    [DefaultValue(RollingUpdate)]
    public string? Strategy { get; set; }

    [JsonPropertyName("canaryTrafficPercent")]
    [Description("Canary: the share of the replicas (so of the traffic) on the new version; at least one Pod.")]
    [Range(1, 99)]
    [DefaultValue(DefaultCanaryTrafficPercent)]
    public int? CanaryTrafficPercent { get; set; }

    [JsonPropertyName("analysisSeconds")]
    [Description("Seconds the new version has to become ready before it is rolled back.")]
    [Range(10, 86400)]
    [DefaultValue(DefaultAnalysisSeconds)]
    public int? AnalysisSeconds { get; set; }

    [JsonPropertyName("analysis")]
    [Description("Canary: judge the new version by live traffic (errors, latency, shopper conversions) in steps, promoting it or rolling it back automatically. Unset: promoted as soon as its Pods are ready (and it is not worse on the gate metric).")]
    public RolloutAnalysisSpec? Analysis { get; set; }

    [JsonPropertyName("paused")]
    [Description("Hold the canary at its step: no step advances and no promotion while true (failed checks still roll back).")]
    public bool? Paused { get; set; }

    [JsonPropertyName("abort")]
    [Description("Roll the candidate back now; the rolled-back version is not tried again.")]
    public bool? Abort { get; set; }

    [JsonPropertyName("keepPrevious")]
    [Description("Keep status.previousVersion (the version the last promotion replaced) running and ready in a standby Deployment, {name}-predictor-previous, "
        + "with the stable side's replicas (spec.replicas, or autoscaling.minReplicas) and outside the Service (condition PreviousReady). Pinning spec.version to it "
        + "then switches all the traffic to those Pods at once, with no canary and no Pods to start, while the stable Deployment rolls back to it behind them. "
        + "The standby moves to each new previousVersion after a promotion, and is deleted when this is cleared.")]
    public bool? KeepPrevious { get; set; }

    [JsonPropertyName("revisionHistoryLimit")]
    [Description("Old ReplicaSets each inference Deployment keeps after a promotion or rollback (the Deployment's revisionHistoryLimit).")]
    [Range(0, 50)]
    [DefaultValue(DefaultRevisionHistoryLimit)]
    public int? RevisionHistoryLimit { get; set; }
}
