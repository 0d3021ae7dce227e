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
/// <c>parallelism</c> at once; the model, that version, the database as a Secret reference and the store
/// with its credentials as a training run gets them. Named after the version, so a restart or a second
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

    /// <summary>The batch command's variables (<see cref="BatchArguments"/>), the database as a Secret reference, then the store's endpoint and credentials.</summary>
    public static IEnumerable<V1EnvVar> Environment(Model model, string version, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var outputs = model.Spec.Outputs!;
        var training = model.Spec.Training;
        var store = training.Output?.Store ?? settings.Store;
        var secret = outputs.Postgres.SecretRef;
        if (string.IsNullOrEmpty(secret?.Name))
        {
            throw new InvalidWorkloadException("spec.outputs.postgres.secretRef.name is empty: name the Secret that holds the database URL.");
        }

        yield return Env.Of(BatchArguments.Model.Variable, model.Metadata.Name);
        yield return Env.Of(BatchArguments.Version.Variable, version);
        yield return Env.Of(BatchArguments.Store.Variable, store);
        yield return Env.FromSecret(BatchArguments.Database.Variable, secret.Name, secret.Key ?? SecretKeyReference.DefaultKey);
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

        foreach (var variable in StoreEnvironment.For(store, training.Output?.CredentialsSecretRef?.Name ?? settings.TrainerCredentialsSecretName, settings))
        {
            yield return variable;
        }
    }
}
