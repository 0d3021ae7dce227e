using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// What to train (<see cref="Training"/>, a TrainingJob spec without model and task), when to train
/// again (<see cref="Triggers"/>), how the servable version is watched (<see cref="Monitoring"/>),
/// what a new version must reach (<see cref="Gate"/>), and how runs are paced and kept.
/// </summary>
[CelRule(TrainingAlgorithms.ModelCelRule, TrainingAlgorithms.ModelCelMessage)]
[CelRule(
    "!has(self.gate) || !has(self.training.evaluation) || !has(self.training.evaluation.gate)",
    "set the quality gate once: spec.gate or spec.training.evaluation.gate, not both")]
[CelRule(
    "has(self.monitoring) || !has(self.triggers) || (!has(self.triggers.drift) && !has(self.triggers.performance) && !has(self.triggers.newData))",
    "triggers drift, performance and newData read the monitoring reports: set spec.monitoring")]
[CelRule(
    "!has(self.outputs) || self.task != 'churn'",
    "spec.outputs: a churn model has no batch output in the cluster (ecml predict batch scores a customers CSV for it); remove spec.outputs")]
[CelRule(
    "!has(self.outputs) || self.task == 'recommendation' || !has(self.outputs.top)",
    "spec.outputs.top is for recommendation models (products per customer and per product)")]
[CelRule(
    "!has(self.outputs) || self.task == 'forecast' || (!has(self.outputs.horizon) && !has(self.outputs.level) && !has(self.outputs.timeZone))",
    "spec.outputs.horizon, level and timeZone are for forecast models")]
public sealed class ModelSpec
{
    public const string Forbid = "Forbid";
    public const string Replace = "Replace";
    public const int DefaultSuccessfulJobsHistoryLimit = 3;
    public const int DefaultFailedJobsHistoryLimit = 1;

    [JsonPropertyName("task")]
    [Description("What the model does: recommendation, forecast, churn or search.")]
    [Required]
    [AllowedValues(ModelTask.Recommendation, ModelTask.Forecast, ModelTask.Churn, ModelTask.Search)]
    [CelRule("self == oldSelf", "spec.task is immutable: the versions of a model in the store are of one task; another task is another Model")]
    public string Task { get; set; } = "";

    [JsonPropertyName("training")]
    [Description("The TrainingJob spec each run gets, without model and task (the Model's name and spec.task).")]
    [Required]
    [Template]
    public ModelTrainingSpec Training { get; set; } = new();

    [JsonPropertyName("triggers")]
    [Description("When a new run starts. Several due at once start one run, with the reason of the highest priority: initial 100, drift 90, performance 85, schedule and maxAge 50, newData 40.")]
    [DefaultEmptyObject]
    public ModelTriggers? Triggers { get; set; }

    [JsonPropertyName("monitoring")]
    [Description("A monitoring Job (the trainer image's monitor command) every interval compares the servable version with recent live data and writes a report to the store; status.drift, status.performance and status.newData come from the newest one.")]
    public MonitoringSpec? Monitoring { get; set; }

    [JsonPropertyName("gate")]
    [Description("The quality gate every run must pass to make a servable version (its TrainingJob's evaluation.gate).")]
    public GateSpec? Gate { get; set; }

    [JsonPropertyName("retention")]
    [Description("Which versions of the model the store keeps: the last N and/or those younger than D days; never one a ModelDeployment serves, has as candidate or keeps as previous.")]
    public RetentionSpec? Retention { get; set; }

    [JsonPropertyName("outputs")]
    [Description("Batch predictions after each new servable version: an Indexed Job (the trainer image's batch command) writes them into PostgreSQL or as CSV files under an S3 prefix, one range of customers, products or scopes per shard; the latest_* views (the _LATEST pointer) show the version once every shard is written. status.outputs tracks it.")]
    public ModelOutputsSpec? Outputs { get; set; }

    [JsonPropertyName("concurrencyPolicy")]
    [Description("A trigger due while a run is active: Forbid waits for the run to finish; Replace deletes the active run and starts its own when its priority is higher (otherwise it waits too).")]
    [AllowedValues(Forbid, Replace)]
    [DefaultValue(Forbid)]
    public string? ConcurrencyPolicy { get; set; }

    [JsonPropertyName("coolDown")]
    [Description("After a run finishes, triggers other than initial wait this long before the next run (e.g. 30m, 6h, 1d), so a model that keeps drifting is not retrained back to back.")]
    [StringLength(32, MinimumLength = 2)]
    [RegularExpression(NamePatterns.Duration)]
    public string? CoolDown { get; set; }

    [JsonPropertyName("successfulJobsHistoryLimit")]
    [Description("Finished successful TrainingJobs of this Model kept; older ones are deleted (status.history keeps their record).")]
    [Range(0, 100)]
    [DefaultValue(DefaultSuccessfulJobsHistoryLimit)]
    public int? SuccessfulJobsHistoryLimit { get; set; }

    [JsonPropertyName("failedJobsHistoryLimit")]
    [Description("Failed TrainingJobs of this Model kept; older ones are deleted.")]
    [Range(0, 100)]
    [DefaultValue(DefaultFailedJobsHistoryLimit)]
    public int? FailedJobsHistoryLimit { get; set; }

    [JsonPropertyName("suspend")]
    [Description("True starts no new run and no monitoring Job (a run already active goes on); false resumes.")]
    [DefaultValue(false)]
    public bool? Suspend { get; set; }
}

/// <summary>A TrainingJob's spec without <c>model</c> and <c>task</c>: the template of every run of a Model.</summary>
public sealed class ModelTrainingSpec
{
    [JsonPropertyName("algorithm")]
    [Description("Algorithm of the task (recommendation: item-cosine, popularity, ease, als, two-stage; forecast: seasonal-naive, ets, lightgbm-demand; churn: logistic, lightgbm; search: bm25, bm25-ltr). Default: the task's first.")]
    [AllowedValues(AlgorithmCatalogue.ItemCosine, AlgorithmCatalogue.Popularity, AlgorithmCatalogue.Ease, AlgorithmCatalogue.Als, AlgorithmCatalogue.TwoStage, AlgorithmCatalogue.SeasonalNaive, AlgorithmCatalogue.Ets, AlgorithmCatalogue.LightGbmDemand, AlgorithmCatalogue.Logistic, AlgorithmCatalogue.LightGbm, AlgorithmCatalogue.Bm25, AlgorithmCatalogue.Bm25Ltr)]
    public string? Algorithm { get; set; }

    [JsonPropertyName("hyperparameters")]
    [Description("Hyperparameters of the algorithm, as strings. An unknown key fails the run with reason InvalidSpec.")]
    [MaxLength(32)]
    [StringLength(256)]
    [CelRule(
        "self.all(k, k.size() <= 63 && k.matches('" + NamePatterns.HyperparameterKey + "') && !self[k].contains(','))",
        "hyperparameter keys are lower_snake_case of at most 63 characters, and values hold no comma")]
    public IDictionary<string, string>? Hyperparameters { get; set; }

    [JsonPropertyName("dataSource")]
    [Description("Where the shop's data comes from: exactly one source. The monitoring Jobs read the same.")]
    [Required]
    public DataSourceSpec DataSource { get; set; } = new();

    [JsonPropertyName("evaluation")]
    [Description("How the held-out evaluation is done.")]
    public EvaluationSpec? Evaluation { get; set; }

    [JsonPropertyName("output")]
    [Description("Where versions are published. Default: the operator's store and credentials.")]
    public OutputSpec? Output { get; set; }

    [JsonPropertyName("runPolicy")]
    [Description("How each run's Job runs: retries, deadline, clean-up.")]
    public RunPolicySpec? RunPolicy { get; set; }

    [JsonPropertyName("resources")]
    [Description("Compute resources of the trainer container (and of the monitoring Jobs). Default: the operator's.")]
    public ResourcesSpec? Resources { get; set; }

    [JsonPropertyName("image")]
    [Description("Trainer image (the monitoring Jobs run it too). Default: the operator's.")]
    [StringLength(512, MinimumLength = 1)]
    public string? Image { get; set; }
}

/// <summary>The triggers of a Model; each is off unless set, except <c>initial</c>.</summary>
public sealed class ModelTriggers
{
    [JsonPropertyName("initial")]
    [Description("Train when the store holds no servable version of the model (priority 100).")]
    [DefaultValue(true)]
    public bool? Initial { get; set; }

    [JsonPropertyName("schedule")]
    [Description("Train on a cron schedule in a time zone (priority 50).")]
    public ScheduleTrigger? Schedule { get; set; }

    [JsonPropertyName("maxAge")]
    [Description("Train when the servable version is older than this (e.g. 14d, 12h; priority 50).")]
    [StringLength(32, MinimumLength = 2)]
    [RegularExpression(NamePatterns.Duration)]
    public string? MaxAge { get; set; }

    [JsonPropertyName("newData")]
    [Description("Train when the monitoring report counts enough new orders or events since the data the servable version was trained on (priority 40).")]
    public NewDataTrigger? NewData { get; set; }

    [JsonPropertyName("drift")]
    [Description("Train when the monitoring report finds input or prediction drift (priority 90). The threshold and minimum sample go to the monitor.")]
    public DriftTrigger? Drift { get; set; }

    [JsonPropertyName("performance")]
    [Description("Train when realized accuracy on data labelled since the cutoff dropped more than allowed against the value at training (priority 85).")]
    public PerformanceTrigger? Performance { get; set; }
}

/// <summary>A cron schedule: five fields (minute hour day-of-month month day-of-week), six with seconds first, or a macro such as @daily.</summary>
public sealed class ScheduleTrigger
{
    public const string DefaultTimeZone = "UTC";

    [JsonPropertyName("cron")]
    [Description("Cron expression: 5 fields (e.g. \"0 2 * * 0\": Sundays at 02:00), 6 with seconds first, or @hourly, @daily, @weekly, @monthly, @yearly.")]
    [Required]
    [StringLength(128, MinimumLength = 1)]
    [CelRule("self.matches('" + NamePatterns.CronShape + "')", "cron must be 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, or a macro such as @daily, fields separated by single spaces")]
    public string Cron { get; set; } = "";

    [JsonPropertyName("timeZone")]
    [Description("IANA time zone the schedule is read in, e.g. Europe/London (daylight-saving changes as that zone has them).")]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression(NamePatterns.TimeZone)]
    [DefaultValue(DefaultTimeZone)]
    public string? TimeZone { get; set; }
}

/// <summary>New data since the servable version's data: at least one threshold.</summary>
[CelRule("has(self.minNewOrders) || has(self.minNewEvents)", "newData needs minNewOrders, minNewEvents or both")]
public sealed class NewDataTrigger
{
    [JsonPropertyName("minNewOrders")]
    [Description("New orders that start a run.")]
    [Range(1d, 1e12)]
    public long? MinNewOrders { get; set; }

    [JsonPropertyName("minNewEvents")]
    [Description("New events (from the event sink) that start a run.")]
    [Range(1d, 1e12)]
    public long? MinNewEvents { get; set; }
}

/// <summary>Drift as the monitor judges it; unset values are the monitor's defaults.</summary>
public sealed class DriftTrigger
{
    [JsonPropertyName("threshold")]
    [Description("Drift threshold of the distances (PSI, Wasserstein, Jensen-Shannon; default 0.1); the statistical tests use p < 0.05.")]
    [Range(0.0001, 10.0)]
    public double? Threshold { get; set; }

    [JsonPropertyName("minSamples")]
    [Description("Rows each side needs before a feature is judged at all (a small window drifts by chance).")]
    [Range(1, 100_000_000)]
    public int? MinSamples { get; set; }
}

/// <summary>A drop of realized accuracy, as the monitor measures it.</summary>
public sealed class PerformanceTrigger
{
    [JsonPropertyName("metric")]
    [Description("The metric, as the manifest names it (e.g. ndcg_at_10, mase, auc). Default: the gate's metric, else the task's.")]
    [StringLength(63, MinimumLength = 1)]
    [RegularExpression(NamePatterns.HyperparameterKey)]
    public string? Metric { get; set; }

    [JsonPropertyName("maxRelativeDrop")]
    [Description("The relative drop against the value at training that counts as degraded, e.g. 0.15 for 15 %.")]
    [Required]
    [Range(0.0, 1.0)]
    public double MaxRelativeDrop { get; set; }
}

/// <summary>How often and over how much live data the servable version is monitored.</summary>
public sealed class MonitoringSpec
{
    public const string DefaultInterval = "1h";
    public const string DefaultWindow = "7d";

    [JsonPropertyName("interval")]
    [Description("Time between monitoring Jobs (e.g. 1h, 15m; at least 10s).")]
    [StringLength(32, MinimumLength = 2)]
    [RegularExpression(NamePatterns.Duration)]
    [DefaultValue(DefaultInterval)]
    public string? Interval { get; set; }

    [JsonPropertyName("window")]
    [Description("Live data compared with the reference, in whole days (e.g. 7d; a part of a day counts as a day).")]
    [StringLength(32, MinimumLength = 2)]
    [RegularExpression(NamePatterns.Duration)]
    [DefaultValue(DefaultWindow)]
    public string? Window { get; set; }
}

/// <summary>Version retention in the store; versions in use are always kept.</summary>
[CelRule("has(self.keepLast) || has(self.keepDays)", "retention needs keepLast, keepDays or both")]
public sealed class RetentionSpec
{
    [JsonPropertyName("keepLast")]
    [Description("Keep the newest N versions.")]
    [Range(1, 10_000)]
    public int? KeepLast { get; set; }

    [JsonPropertyName("keepDays")]
    [Description("Keep versions younger than D days.")]
    [Range(1, 36_500)]
    public int? KeepDays { get; set; }
}
