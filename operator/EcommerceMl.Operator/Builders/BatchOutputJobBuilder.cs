using EcommerceMl.Artifacts;
using System.Globalization;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// Model + a new servable version → the Indexed Job writing its batch outputs (<c>spec.outputs</c>): the
/// trainer image with args <c>["batch"]</c>, one Pod per shard (completions = shards, completion mode
/// Indexed: Kubernetes gives each Pod its shard as <c>JOB_COMPLETION_INDEX</c>), at most
/// <c>parallelism</c> at once; the model, that version, the target — the database as a Secret reference, or
/// the CSV prefix — and the store with its credentials as a training run gets them (which an s3:// prefix is
/// written with). Named after the version, so a restart or a second
/// reconcile finds the Job instead of starting another; owned by the Model. Pure.
/// </summary>
public static class BatchOutputJobBuilder
{
    public const string Component = "batch-outputs";

    /// <summary>Failed Pods allowed per shard before the Job fails (a database restart, an evicted Pod).</summary>
    public const int RetriesPerShard = 2;

    /// <summary><c>{model}-out-{version}</c> (lower-case, at most 63 characters).</summary>
    public static string JobName(string model, string version) => TrainingRunNames.Compose(model, "out-" + version.ToLowerInvariant());

    public static V1Job Build(Model model, string version, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var outputs = model.Spec.Outputs ?? throw new InvalidWorkloadException("spec.outputs is not set: the Model writes no batch outputs.");
        var shards = outputs.Shards ?? ModelOutputsSpec.DefaultShards;
        var labels = Labels(model, version);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobName(model.Metadata.Name, version),
                NamespaceProperty = model.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [OwnerReferences.ControllerOf(model)],
            },
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = shards,
                Parallelism = outputs.Parallelism ?? shards,
                // Retries are counted over the whole Job; a shard is idempotent, so a retried Pod replaces what it wrote.
                BackoffLimit = RetriesPerShard * shards,
                PodFailurePolicy = new V1PodFailurePolicy
                {
                    Rules =
                    [
                        new V1PodFailurePolicyRule
                        {
                            Action = "FailJob",
                            OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement
                            {
                                ContainerName = TrainingJobBuilder.ContainerName,
                                OperatorProperty = "In",
                                Values = [TrainerExitCodes.InvalidInput],
                            },
                        },
                    ],
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
                    Spec = TrainingJobBuilder.TrainerPodSpec(
                        model.Spec.Training.Image, [.. Environment(model, version, settings)], model.Spec.Training.Resources, settings, [BatchArguments.Command]),
                },
            },
        };
    }

    /// <summary>The labels of an outputs Job and its Pods: the Model's, the model and the version.</summary>
    public static Dictionary<string, string> Labels(Model model, string version)
    {
        ArgumentNullException.ThrowIfNull(model);
        return StandardLabels.For(TrainingJobBuilder.App, model.Metadata.Name, Component,
            (StandardLabels.ModelResource, model.Metadata.Name),
            (StandardLabels.Model, model.Metadata.Name),
            (StandardLabels.ModelVersion, version.ToLowerInvariant()));
    }

    /// <summary>True for a Job this builder made.</summary>
    public static bool IsOutputsJob(V1Job job) => StandardLabels.ValueOf(job, StandardLabels.Component) == Component;

    /// <summary>The batch command's variables (<see cref="BatchArguments"/>), the target (the database as a Secret reference, or the CSV prefix), then the store's endpoint and credentials.</summary>
    public static IEnumerable<V1EnvVar> Environment(Model model, string version, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var outputs = model.Spec.Outputs!;
        var training = model.Spec.Training;
        var store = training.Output?.Store ?? settings.Store;
        var target = Target(outputs);
        yield return Env.Of(BatchArguments.Model.Variable, model.Metadata.Name);
        yield return Env.Of(BatchArguments.Version.Variable, version);
        yield return Env.Of(BatchArguments.Store.Variable, store);
        yield return target;
        yield return Env.Of(BatchArguments.Shards.Variable, (outputs.Shards ?? ModelOutputsSpec.DefaultShards).ToString(CultureInfo.InvariantCulture));
        if (outputs.Top is { } top)
        {
            yield return Env.Of(BatchArguments.Top.Variable, top.ToString(CultureInfo.InvariantCulture));
        }

        if (outputs.Horizon is { } horizon)
        {
            yield return Env.Of(BatchArguments.Horizon.Variable, horizon.ToString(CultureInfo.InvariantCulture));
        }

        if (outputs.Level is { } level)
        {
            yield return Env.Of(BatchArguments.Level.Variable, level.ToString("R", CultureInfo.InvariantCulture));
        }

        if (outputs.TimeZone is { } zone)
        {
            yield return Env.Of(BatchArguments.TimeZone.Variable, zone);
        }

        // The store's S3 endpoint and credentials reach the prefix too: an s3:// prefix beside a folder store still gets them.
        var s3 = store.StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase) ? store : outputs.S3?.Prefix ?? store;
        foreach (var variable in StoreEnvironment.For(s3, training.Output?.CredentialsSecretRef?.Name ?? settings.TrainerCredentialsSecretName, settings))
        {
            yield return variable;
        }
    }

    /// <summary>Where the shards write: the CSV prefix as it is, or the database only as a Secret reference.</summary>
    private static V1EnvVar Target(ModelOutputsSpec outputs)
    {
        if (outputs.S3 is { } csv)
        {
            return outputs.Postgres is null && !string.IsNullOrWhiteSpace(csv.Prefix)
                ? Env.Of(BatchArguments.CsvPrefix.Variable, csv.Prefix)
                : throw new InvalidWorkloadException(outputs.Postgres is null
                    ? "spec.outputs.s3.prefix is empty: give s3://bucket/path or a path inside the model store."
                    : "spec.outputs has both postgres and s3: choose one target.");
        }

        var secret = outputs.Postgres?.SecretRef;
        return string.IsNullOrEmpty(secret?.Name)
            ? throw new InvalidWorkloadException("spec.outputs.postgres.secretRef.name is empty: name the Secret that holds the database URL, or write CSV files with spec.outputs.s3.")
            : Env.FromSecret(BatchArguments.Database.Variable, secret.Name, secret.Key ?? SecretKeyReference.DefaultKey);
    }
}
