using System.Globalization;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;

namespace EcommerceMl.Operator.Hosting;

/// <summary>
/// The operator executable's configuration, from environment variables (the Helm chart sets them):
/// images, the default store and its endpoint and credentials Secret, which namespace to watch
/// (empty: all), where the leader Lease lives, this replica's identity, workers and metrics port.
/// </summary>
internal sealed record OperatorOptions(WorkloadSettings Workload, string? WatchNamespace, string LeaseNamespace, string Identity, int Workers, int MetricsPort)
{
    /// <summary>How often ModelDeployments look at the store for a new <c>latest</c> (ECML_STORE_POLL_SECONDS) and at a rollout in progress (ECML_ROLLOUT_POLL_SECONDS).</summary>
    public RolloutTiming Rollout { get; init; } = RolloutTiming.Default;

    public static OperatorOptions FromEnvironment(Func<string, string?> get)
    {
        string Required(string name) => get(name) is { Length: > 0 } value ? value
            : throw new OperatorConfigurationException($"environment variable {name} is not set: {Descriptions[name]}");
        int Number(string name, int fallback) => get(name) is not { Length: > 0 } value ? fallback
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
            : throw new OperatorConfigurationException($"environment variable {name} is '{value}': expected a positive whole number.");

        var workload = new WorkloadSettings
        {
            TrainerImage = Required("ECML_TRAINER_IMAGE"),
            InferenceImage = Required("ECML_INFERENCE_IMAGE"),
            Store = Required("ECML_STORE"),
            S3Endpoint = get("ECML_S3_ENDPOINT"),
            CredentialsSecretName = get("ECML_CREDENTIALS_SECRET"),
            TrainerCredentialsSecretName = get("ECML_TRAINER_CREDENTIALS_SECRET") is { Length: > 0 } trainer ? trainer : null,
            InferenceCredentialsSecretName = get("ECML_INFERENCE_CREDENTIALS_SECRET") is { Length: > 0 } inference ? inference : null,
        };
        return new OperatorOptions(
            workload,
            get("ECML_WATCH_NAMESPACE") is { Length: > 0 } watch ? watch : null,
            Required("POD_NAMESPACE"),
            get("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName,
            Number("ECML_WORKERS", 4),
            Number("ECML_METRICS_PORT", 8080))
        {
            Rollout = new RolloutTiming
            {
                StorePollInterval = TimeSpan.FromSeconds(Number("ECML_STORE_POLL_SECONDS", (int)RolloutTiming.Default.StorePollInterval.TotalSeconds)),
                ProgressInterval = TimeSpan.FromSeconds(Number("ECML_ROLLOUT_POLL_SECONDS", (int)RolloutTiming.Default.ProgressInterval.TotalSeconds)),
            },
        };
    }

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["ECML_TRAINER_IMAGE"] = "the trainer image TrainingJobs run, e.g. ghcr.io/ecommerce-ml/trainer:1.0.0",
        ["ECML_INFERENCE_IMAGE"] = "the inference image ModelDeployments run",
        ["ECML_STORE"] = "the default model store, s3://bucket[/prefix]",
        ["POD_NAMESPACE"] = "the namespace of the leader-election Lease (the operator's own; the chart sets it from the downward API)",
    };
}

/// <summary>The operator cannot start with this configuration; the message says which setting and why.</summary>
internal sealed class OperatorConfigurationException(string message) : Exception(message);
