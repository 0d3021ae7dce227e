using System.ComponentModel.DataAnnotations;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Operator.Hosting;

/// <summary>
/// The operator executable's configuration, bound from environment variables (the Helm chart sets
/// them) and validated before anything starts: images, the default store and its endpoint and
/// credentials Secret, which namespace to watch (empty: all), where the leader Lease lives, this
/// replica's identity, workers, metrics port and poll intervals. Every validation message starts
/// with the variable's name.
/// </summary>
internal sealed class OperatorOptions
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
