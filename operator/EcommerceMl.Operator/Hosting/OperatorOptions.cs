using System.ComponentModel.DataAnnotations;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Traffic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Operator.Hosting;

/// <summary>
/// The operator executable's configuration, bound from environment variables (the Helm chart sets
/// them) and validated before anything starts: images, the default store and its endpoint and
/// credentials Secret, which namespace to watch (empty: all), where the leader Lease lives, this
/// replica's identity, workers, metrics port and poll intervals, and the Prometheus the canary
/// analysis may read its numbers from. Every validation message starts with the variable's name.
/// </summary>
internal sealed class OperatorOptions : IValidatableObject
{
    [ConfigurationKeyName("ECML_TRAINER_IMAGE")]
    [Required(ErrorMessage = "ECML_TRAINER_IMAGE is not set: the trainer image TrainingJobs run, e.g. ghcr.io/ecommerce-ml/trainer:1.0.0.")]
    public string TrainerImage { get; set; } = "";

    [ConfigurationKeyName("ECML_INFERENCE_IMAGE")]
    [Required(ErrorMessage = "ECML_INFERENCE_IMAGE is not set: the inference image ModelDeployments run.")]
    public string InferenceImage { get; set; } = "";

    [ConfigurationKeyName("ECML_STORE")]
    [Required(ErrorMessage = "ECML_STORE is not set: the default model store, s3://bucket[/prefix].")]
    [RegularExpression(NamePatterns.StoreLocation, ErrorMessage = "ECML_STORE must be s3://bucket[/prefix] or an absolute folder path.")]
    public string Store { get; set; } = "";

    [ConfigurationKeyName("ECML_S3_ENDPOINT")]
    public string? S3Endpoint { get; set; }

    [ConfigurationKeyName("ECML_CREDENTIALS_SECRET")]
    [RegularExpression(NamePatterns.Dns1123Subdomain, ErrorMessage = "ECML_CREDENTIALS_SECRET must be a Secret name (lower-case letters, digits, '-' and '.').")]
    public string? CredentialsSecret { get; set; }

    /// <summary>The Secret trainer Pods read the store credentials from (the chart's trainer user); unset: <see cref="CredentialsSecret"/>.</summary>
    [ConfigurationKeyName("ECML_TRAINER_CREDENTIALS_SECRET")]
    [RegularExpression(NamePatterns.Dns1123Subdomain, ErrorMessage = "ECML_TRAINER_CREDENTIALS_SECRET must be a Secret name (lower-case letters, digits, '-' and '.').")]
    public string? TrainerCredentialsSecret { get; set; }

    /// <summary>The Secret inference Pods read the store credentials from (the chart's inference user); unset: <see cref="CredentialsSecret"/>.</summary>
    [ConfigurationKeyName("ECML_INFERENCE_CREDENTIALS_SECRET")]
    [RegularExpression(NamePatterns.Dns1123Subdomain, ErrorMessage = "ECML_INFERENCE_CREDENTIALS_SECRET must be a Secret name (lower-case letters, digits, '-' and '.').")]
    public string? InferenceCredentialsSecret { get; set; }

    /// <summary>The one namespace to watch; null (unset or empty) watches all.</summary>
    [ConfigurationKeyName("ECML_WATCH_NAMESPACE")]
    [RegularExpression(NamePatterns.Dns1123Label, ErrorMessage = "ECML_WATCH_NAMESPACE must be a namespace name (lower-case letters, digits and '-'), or empty to watch all.")]
    public string? WatchNamespace { get => _watchNamespace; set => _watchNamespace = string.IsNullOrEmpty(value) ? null : value; }

    private string? _watchNamespace;

    [ConfigurationKeyName("POD_NAMESPACE")]
    [Required(ErrorMessage = "POD_NAMESPACE is not set: the namespace of the leader-election Lease (the operator's own; the chart sets it from the downward API).")]
    [RegularExpression(NamePatterns.Dns1123Label, ErrorMessage = "POD_NAMESPACE must be a namespace name (lower-case letters, digits and '-').")]
    public string LeaseNamespace { get; set; } = "";

    /// <summary>This replica's identity in the Lease; the machine name when unset.</summary>
    [ConfigurationKeyName("POD_NAME")]
    public string? PodName { get; set; }

    [ConfigurationKeyName("ECML_WORKERS")]
    [Range(1, 256, ErrorMessage = "ECML_WORKERS must be a whole number from {1} to {2} (concurrent reconciles per controller).")]
    public int Workers { get; set; } = 4;

    [ConfigurationKeyName("ECML_METRICS_PORT")]
    [Range(1, 65_535, ErrorMessage = "ECML_METRICS_PORT must be a TCP port, {1} to {2}.")]
    public int MetricsPort { get; set; } = 8080;

    [ConfigurationKeyName("ECML_STORE_POLL_SECONDS")]
    [Range(1, 86_400, ErrorMessage = "ECML_STORE_POLL_SECONDS must be a whole number of seconds from {1} to {2}.")]
    public int StorePollSeconds { get; set; } = (int)RolloutTiming.Default.StorePollInterval.TotalSeconds;

    [ConfigurationKeyName("ECML_ROLLOUT_POLL_SECONDS")]
    [Range(1, 3_600, ErrorMessage = "ECML_ROLLOUT_POLL_SECONDS must be a whole number of seconds from {1} to {2}.")]
    public int RolloutPollSeconds { get; set; } = (int)RolloutTiming.Default.ProgressInterval.TotalSeconds;

    /// <summary>The Prometheus the canary analysis queries (<c>http(s)://host:port[/prefix]</c>); unset or empty: it scrapes the inference Pods itself.</summary>
    [ConfigurationKeyName("ECML_PROMETHEUS_URL")]
    [RegularExpression(@"^https?://[^\s/?#@]+(/[^\s?#]*)?$", ErrorMessage = "ECML_PROMETHEUS_URL must be Prometheus's address, http(s)://host:port[/path] without credentials (they go in ECML_PROMETHEUS_BEARER_TOKEN or _USERNAME/_PASSWORD), e.g. http://prometheus-operated.monitoring.svc:9090, or empty to scrape the inference Pods directly.")]
    public string? PrometheusUrl { get; set; }

    /// <summary>A bearer token for Prometheus (the chart reads it from a Secret).</summary>
    [ConfigurationKeyName("ECML_PROMETHEUS_BEARER_TOKEN")]
    public string? PrometheusBearerToken { get; set; }

    /// <summary>Basic auth for Prometheus: the user (the chart reads it from a Secret).</summary>
    [ConfigurationKeyName("ECML_PROMETHEUS_USERNAME")]
    public string? PrometheusUsername { get; set; }

    /// <summary>Basic auth for Prometheus: the password.</summary>
    [ConfigurationKeyName("ECML_PROMETHEUS_PASSWORD")]
    public string? PrometheusPassword { get; set; }

    /// <summary>The canary analysis' Prometheus, or null: scrape the Pods (<see cref="ScrapedTraffic"/>).</summary>
    public PrometheusSettings? Prometheus => string.IsNullOrEmpty(PrometheusUrl)
        ? null
        : new PrometheusSettings(new Uri(PrometheusUrl), NullIfEmpty(PrometheusBearerToken), NullIfEmpty(PrometheusUsername), NullIfEmpty(PrometheusPassword));

    /// <summary>How often a Model looks at the store for a new version or monitoring report without a cluster event.</summary>
    public ModelTiming ModelTiming => new() { StorePollInterval = TimeSpan.FromSeconds(StorePollSeconds) };

    public string Identity => string.IsNullOrEmpty(PodName) ? Environment.MachineName : PodName;

    /// <summary>What the builders fill in where a resource leaves it out.</summary>
    public WorkloadSettings Workload => new()
    {
        TrainerImage = TrainerImage,
        InferenceImage = InferenceImage,
        Store = Store,
        S3Endpoint = string.IsNullOrEmpty(S3Endpoint) ? null : S3Endpoint,
        CredentialsSecretName = string.IsNullOrEmpty(CredentialsSecret) ? null : CredentialsSecret,
        TrainerCredentialsSecretName = string.IsNullOrEmpty(TrainerCredentialsSecret) ? null : TrainerCredentialsSecret,
        InferenceCredentialsSecretName = string.IsNullOrEmpty(InferenceCredentialsSecret) ? null : InferenceCredentialsSecret,
    };

    /// <summary>How often ModelDeployments look at the store for a new <c>latest</c> and at a rollout in progress.</summary>
    public RolloutTiming Rollout => new()
    {
        StorePollInterval = TimeSpan.FromSeconds(StorePollSeconds),
        ProgressInterval = TimeSpan.FromSeconds(RolloutPollSeconds),
    };

    /// <summary>What one attribute cannot check: Prometheus's credentials are one kind, and only with an address.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var token = !string.IsNullOrEmpty(PrometheusBearerToken);
        var user = !string.IsNullOrEmpty(PrometheusUsername);
        if ((token || user || !string.IsNullOrEmpty(PrometheusPassword)) && string.IsNullOrEmpty(PrometheusUrl))
        {
            yield return new ValidationResult("ECML_PROMETHEUS_URL is not set, but Prometheus credentials are: set the address they are for, or remove them.", [nameof(PrometheusUrl)]);
        }

        if (token && user)
        {
            yield return new ValidationResult("ECML_PROMETHEUS_BEARER_TOKEN and ECML_PROMETHEUS_USERNAME are both set: Prometheus takes a bearer token or basic auth, not both.", [nameof(PrometheusBearerToken)]);
        }

        if (!user && !string.IsNullOrEmpty(PrometheusPassword))
        {
            yield return new ValidationResult("ECML_PROMETHEUS_PASSWORD is set without ECML_PROMETHEUS_USERNAME: basic auth needs both.", [nameof(PrometheusPassword)]);
        }
    }

    /// <summary>
    /// Binds the options from <paramref name="configuration"/> (the process's environment variables)
    /// and validates them as a host would at start (data annotations, <c>ValidateOnStart</c>).
    /// </summary>
    /// <exception cref="OperatorConfigurationException">A setting is missing or wrong; the message names each.</exception>
    public static OperatorOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddOptions<OperatorOptions>()
            .Bind(configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return provider.GetRequiredService<IOptions<OperatorOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw new OperatorConfigurationException(string.Join(Environment.NewLine, e.Failures.Select(Unwrapped)));
        }
        catch (InvalidOperationException e) when (e.InnerException is ArgumentException or FormatException or OverflowException)
        {
            // The binder's "Failed to convert configuration value … at 'ECML_WORKERS' to type 'System.Int32'" names the variable.
            throw new OperatorConfigurationException(e.Message);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>"DataAnnotation validation failed for 'OperatorOptions' members: 'Store' with the error: '…'." → the message we wrote.</summary>
    private static string Unwrapped(string failure)
    {
        const string marker = "with the error: '";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        return start < 0 ? failure : failure[(start + marker.Length)..].TrimEnd('.').TrimEnd('\'');
    }
}

/// <summary>The operator cannot start with this configuration; the message says which setting and why.</summary>
internal sealed class OperatorConfigurationException(string message) : Exception(message);
