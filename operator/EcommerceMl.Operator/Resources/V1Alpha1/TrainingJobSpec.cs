using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>What to train, on what data, how to evaluate it and where to publish it.</summary>
[CelRule(TrainingAlgorithms.CelRule, TrainingAlgorithms.CelMessage)]
public sealed class TrainingJobSpec
{
    [JsonPropertyName("model")]
    [Description("Model name, the registry key in the store (a DNS-1123 label).")]
    [Required]
    [StringLength(63, MinimumLength = 1)]
    [RegularExpression(NamePatterns.Dns1123Label)]
    [Immutable]
    public string Model { get; set; } = "";

    [JsonPropertyName("task")]
    [Description("What the model does: recommendation, forecast, churn or search.")]
    [Required]
    [AllowedValues(ModelTask.Recommendation, ModelTask.Forecast, ModelTask.Churn, ModelTask.Search)]
    [Immutable]
    public string Task { get; set; } = "";

    [JsonPropertyName("algorithm")]
    [Description("Algorithm of the task (recommendation: item-cosine, popularity, ease, als, two-stage; forecast: seasonal-naive, ets, lightgbm-demand; churn: logistic, lightgbm; search: bm25, bm25-ltr). Default: the task's first.")]
    [AllowedValues(AlgorithmCatalogue.ItemCosine, AlgorithmCatalogue.Popularity, AlgorithmCatalogue.Ease, AlgorithmCatalogue.Als, AlgorithmCatalogue.TwoStage, AlgorithmCatalogue.SeasonalNaive, AlgorithmCatalogue.Ets, AlgorithmCatalogue.LightGbmDemand, AlgorithmCatalogue.Logistic, AlgorithmCatalogue.LightGbm, AlgorithmCatalogue.Bm25, AlgorithmCatalogue.Bm25Ltr)]
    [Immutable]
    public string? Algorithm { get; set; }

    [JsonPropertyName("hyperparameters")]
    [Description("Hyperparameters of the algorithm, as strings. An unknown key fails the run with reason InvalidSpec.")]
    [MaxLength(32)]
    [StringLength(256)]
    [CelRule(
        "self.all(k, k.size() <= 63 && k.matches('" + NamePatterns.HyperparameterKey + "') && !self[k].contains(','))",
        "hyperparameter keys are lower_snake_case of at most 63 characters, and values hold no comma")]
    [Immutable]
    public IDictionary<string, string>? Hyperparameters { get; set; }

    [JsonPropertyName("dataSource")]
    [Description("Where the shop's data comes from: exactly one source (synthetic or postgres), and optionally the event sink merged into it (events).")]
    [Required]
    [Immutable]
    public DataSourceSpec DataSource { get; set; } = new();

    [JsonPropertyName("evaluation")]
    [Description("How the held-out evaluation is done.")]
    [Immutable]
    public EvaluationSpec? Evaluation { get; set; }

    [JsonPropertyName("output")]
    [Description("Where the model version is published. Default: the operator's store and credentials.")]
    [Immutable]
    public OutputSpec? Output { get; set; }

    [JsonPropertyName("runPolicy")]
    [Description("How the Job runs: retries, deadline, clean-up, suspension. Only suspend may change after creation.")]
    [DefaultEmptyObject]
    public RunPolicySpec? RunPolicy { get; set; }

    [JsonPropertyName("resources")]
    [Description("Compute resources of the trainer container. Default: the operator's.")]
    [Immutable]
    public ResourcesSpec? Resources { get; set; }

    [JsonPropertyName("image")]
    [Description("Trainer image. Default: the operator's.")]
    [StringLength(512, MinimumLength = 1)]
    [Immutable]
    public string? Image { get; set; }
}

/// <summary>
/// Exactly one data source — the seeded synthetic shop, a PostgreSQL database or canonical CSV files under an S3
/// prefix — and, optionally, the event sink merged into it and a window of days to train on.
/// </summary>
[ExactlyOne(EventsProperty, WindowProperty)]
public sealed class DataSourceSpec
{
    public const string EventsProperty = "events";
    public const string WindowProperty = "window";

    [JsonPropertyName("synthetic")]
    [Description("The built-in synthetic shop (long-tailed popularity, co-purchases, seasonality, churners): for demos and tests.")]
    public SyntheticDataSource? Synthetic { get; set; }

    [JsonPropertyName("postgres")]
    [Description("A PostgreSQL database holding the shop's tables (ecml db migrate, ecml db load). The connection comes only from a Secret.")]
    public PostgresDataSource? Postgres { get; set; }

    [JsonPropertyName("s3")]
    [Description("The canonical CSV files (customers.csv, products.csv, orders.csv, order_items.csv, optional events.csv) under an S3 prefix, read with the run's store endpoint and credentials.")]
    public S3DataSource? S3 { get; set; }

    [JsonPropertyName(WindowProperty)]
    [Description("Train on the orders and events of the data's last N days only (customers and products whole), counted back from the newest order or event, e.g. 365d. Default: all the data.")]
    [StringLength(5, MinimumLength = 2)]
    [RegularExpression(EventsDataSource.WindowPattern)]
    public string? Window { get; set; }

    [JsonPropertyName(EventsProperty)]
    [Description("Also train on the shop events the inference servers received (the event sink in the output store, where ModelDeployments write them, or the database named by events.postgres when they write there): purchases become orders (once per order id), product views and cart adds become interactions. Merged before the held-out split.")]
    public EventsDataSource? Events { get; set; }
}

/// <summary>Canonical shop CSV files under an S3 prefix of the store's S3 endpoint.</summary>
public sealed class S3DataSource
{
    public const string PrefixPattern = "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s]*)?$";

    [JsonPropertyName("prefix")]
    [Description("s3://bucket[/prefix] holding the CSV files, e.g. s3://shop-exports/2026-12-06.")]
    [Required]
    [StringLength(1024, MinimumLength = 8)]
    [RegularExpression(PrefixPattern)]
    public string Prefix { get; set; } = "";
}

/// <summary>
/// The event sink, read over a window counted back from the run's start: the partitions beside the models
/// (<c>{store}/events/</c>) or, with <see cref="Postgres"/>, the database's <c>received_events</c> table.
/// </summary>
public sealed class EventsDataSource
{
    public const string DefaultWindow = "90d";
    public const string WindowPattern = "^[1-9][0-9]{0,3}d$";

    [JsonPropertyName("window")]
    [Description("How far back to read, in days by the time the server received them, e.g. 90d (at most 3650d).")]
    [StringLength(5, MinimumLength = 2)]
    [RegularExpression(WindowPattern)]
    [DefaultValue(DefaultWindow)]
    public string? Window { get; set; }

    [JsonPropertyName("postgres")]
    [Description("Read the events from this PostgreSQL database's received_events table, where ModelDeployments with events.postgres write them, instead of the store's partitions. The connection comes only from a Secret.")]
    public PostgresDataSource? Postgres { get; set; }

    /// <summary>The window in days; throws <see cref="FormatException"/> for text the CRD's pattern would refuse.</summary>
    public int WindowDays() => Days(Window ?? DefaultWindow, "spec.dataSource.events.window");

    /// <summary>A window such as <c>90d</c> in days; throws <see cref="FormatException"/> naming <paramref name="field"/> for text the CRD's pattern would refuse.</summary>
    public static int Days(string window, string field)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (System.Text.RegularExpressions.Regex.IsMatch(window, WindowPattern)
            && int.Parse(window.AsSpan(0, window.Length - 1), System.Globalization.CultureInfo.InvariantCulture) is var days && days <= 3650)
        {
            return days;
        }

        throw new FormatException($"{field} '{window}' is not a number of days from 1d to 3650d, e.g. 90d.");
    }
}

/// <summary>
/// The shop's PostgreSQL database. The whole connection (host, user, password, database) sits in a
/// Secret so nothing sensitive is in the spec; a schema other than <c>public</c> is chosen in the
/// connection itself (Npgsql's <c>Search Path</c>), as the trainer has no schema option.
/// </summary>
public sealed class PostgresDataSource
{
    [JsonPropertyName("secretRef")]
    [Description("Secret key holding the connection: a postgres://user:password@host:port/db URL or an Npgsql connection string.")]
    [Required]
    public SecretKeyReference SecretRef { get; set; } = new();
}

/// <summary>One key of a Secret in the resource's own namespace.</summary>
public sealed class SecretKeyReference
{
    public const string DefaultKey = "url";

    [JsonPropertyName("name")]
    [Required]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(NamePatterns.Dns1123Subdomain)]
    public string Name { get; set; } = "";

    [JsonPropertyName("key")]
    [Description("Key in the Secret.")]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(NamePatterns.SecretKey)]
    [DefaultValue(DefaultKey)]
    public string? Key { get; set; }
}

/// <summary>
/// The built-in synthetic shop with the trainer's default seed and sizes. Seed and sizes arrive
/// here when the trainer accepts them from its environment.
/// </summary>
public sealed class SyntheticDataSource;

/// <summary>Temporal holdout evaluation, and an optional quality gate on its metrics.</summary>
public sealed class EvaluationSpec
{
    public const int DefaultHoldoutDays = 28;
    public const int DefaultK = 10;

    [JsonPropertyName("holdoutDays")]
    [Description("Days at the end of the data held out for evaluation.")]
    [Range(1, 3650)]
    [DefaultValue(DefaultHoldoutDays)]
    public int? HoldoutDays { get; set; }

    [JsonPropertyName("k")]
    [Description("Cut-off of the ranking metrics (precision@k, NDCG@k, ...).")]
    [Range(1, 1000)]
    [DefaultValue(DefaultK)]
    public int? K { get; set; }

    [JsonPropertyName("gate")]
    [Description("A held-out metric the model must reach, and by which it must not lose to the model's servable version (see tolerance). A version that misses it or loses is still published (to inspect) but the TrainingJob fails with GateNotMet or ChampionNotBeaten and ModelDeployments never serve it as latest.")]
    public GateSpec? Gate { get; set; }
}

/// <summary>A quality gate: a minimum for metrics where higher is better, a maximum where lower is better.</summary>
[CelRule("has(self.minimum) != has(self.maximum)", "gate needs exactly one of minimum (higher is better, e.g. ndcg_at_10, auc) and maximum (lower is better, e.g. mase, brier)")]
public sealed class GateSpec
{
    [JsonPropertyName("metric")]
    [Description("A held-out metric of the task as the manifest names it, e.g. ndcg_at_10, precision_at_10, mase, smape, auc, brier.")]
    [Required]
    [StringLength(63, MinimumLength = 1)]
    [RegularExpression(NamePatterns.HyperparameterKey)]
    public string Metric { get; set; } = "";

    [JsonPropertyName("minimum")]
    [Description("Lowest acceptable value (higher is better).")]
    public double? Minimum { get; set; }

    [JsonPropertyName("maximum")]
    [Description("Highest acceptable value (lower is better).")]
    public double? Maximum { get; set; }

    [JsonPropertyName("tolerance")]
    [Description("Champion/challenger: how much worse than the servable version of the model the new version may be on the metric, absolute and in the metric's units, both scored on the new version's held-out window. A version worse by more is published but not servable (reason ChampionNotBeaten). Unset compares with tolerance 0.")]
    [Range(0d, double.PositiveInfinity)]
    public double? Tolerance { get; set; }
}

/// <summary>Where and with which credentials the trainer publishes.</summary>
public sealed class OutputSpec
{
    [JsonPropertyName("store")]
    [Description("Model store: s3://bucket[/prefix], or an absolute folder path inside the trainer container.")]
    [StringLength(1024, MinimumLength = 2)]
    [RegularExpression(NamePatterns.StoreLocation)]
    public string? Store { get; set; }

    [JsonPropertyName("credentialsSecretRef")]
    [Description("Secret in the TrainingJob's namespace with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (optional AWS_REGION).")]
    public SecretReference? CredentialsSecretRef { get; set; }

    [JsonPropertyName("deleteArtifactsOnDelete")]
    [Description("True deletes the version this TrainingJob published (status.modelVersion) from the store when the TrainingJob is deleted (finalizer ml.ecommerce.dev/artifacts). False keeps versions after their TrainingJob is gone.")]
    [DefaultValue(false)]
    public bool? DeleteArtifactsOnDelete { get; set; }
}

/// <summary>A Secret in the resource's own namespace.</summary>
public sealed class SecretReference
{
    [JsonPropertyName("name")]
    [Required]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(NamePatterns.Dns1123Subdomain)]
    public string Name { get; set; } = "";
}

/// <summary>The batch/v1 Job's run policy.</summary>
public sealed class RunPolicySpec
{
    public const int DefaultBackoffLimit = 2;

    [JsonPropertyName("backoffLimit")]
    [Description("Retries of a failed trainer Pod before the TrainingJob fails (an invalid spec is never retried).")]
    [Range(0, 20)]
    [DefaultValue(DefaultBackoffLimit)]
    [Immutable]
    public int? BackoffLimit { get; set; }

    [JsonPropertyName("activeDeadlineSeconds")]
    [Description("Seconds the Job may run in total before it fails with reason DeadlineExceeded.")]
    [Range(1, 604800)]
    [Immutable]
    public long? ActiveDeadlineSeconds { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    [Description("Seconds after it finishes that the Job and its Pods are deleted (the TrainingJob and its status stay).")]
    [Range(0, 2592000)]
    [Immutable]
    public int? TtlSecondsAfterFinished { get; set; }

    [JsonPropertyName("suspend")]
    [Description("True keeps the Job from running (or stops its Pods); false lets it run. The one field that may change after creation.")]
    [DefaultValue(false)]
    public bool? Suspend { get; set; }
}
