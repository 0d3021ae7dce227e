using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// TrainingJob → the batch/v1 Job that runs the trainer. Pure: the same TrainingJob and settings
/// always give the same Job, and its name depends only on the TrainingJob's identity, so an
/// operator restart finds the Job it made instead of making a second one.
/// </summary>
public static class TrainingJobBuilder
{
    public const string App = "ecommerce-ml-trainer";
    public const string Component = "trainer";
    public const string ContainerName = "trainer";

    /// <summary>
    /// <c>{name}-{8 hex of sha256(uid)}</c>, at most 63 characters (Job names become Pod label values).
    /// The uid makes a re-created TrainingJob of the same name get a new Job, never the old one.
    /// </summary>
    public static string JobName(TrainingJob trainingJob)
    {
        ArgumentNullException.ThrowIfNull(trainingJob);
        var uid = trainingJob.Metadata?.Uid;
        if (string.IsNullOrEmpty(uid))
        {
            throw new ArgumentException($"TrainingJob '{trainingJob.Metadata?.Name}' has no metadata.uid yet; its Job is named after it.", nameof(trainingJob));
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uid)))[..8];
        var name = trainingJob.Metadata!.Name;
        var prefix = name.Length > 54 ? name[..54].TrimEnd('-') : name;
        return $"{prefix}-{hash}";
    }

    public static V1Job Build(TrainingJob trainingJob, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(trainingJob);
        ArgumentNullException.ThrowIfNull(settings);
        var spec = trainingJob.Spec;
        var runPolicy = spec.RunPolicy ?? new RunPolicySpec();
        var labels = StandardLabels.For(App, trainingJob.Metadata.Name, Component,
            (StandardLabels.TrainingJob, trainingJob.Metadata.Name), (StandardLabels.Model, spec.Model));
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobName(trainingJob),
                NamespaceProperty = trainingJob.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [OwnerReferences.ControllerOf(trainingJob)],
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = runPolicy.BackoffLimit ?? RunPolicySpec.DefaultBackoffLimit,
                ActiveDeadlineSeconds = runPolicy.ActiveDeadlineSeconds,
                TtlSecondsAfterFinished = runPolicy.TtlSecondsAfterFinished,
                Suspend = runPolicy.Suspend ?? false,
                // Exit code 2 is the trainer saying the request is invalid, 3 that the model missed its gate, 4 that it lost to the champion: retrying cannot help.
                PodFailurePolicy = new V1PodFailurePolicy
                {
                    Rules =
                    [
                        new V1PodFailurePolicyRule
                        {
                            Action = "FailJob",
                            OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement
                            {
                                ContainerName = ContainerName,
                                OperatorProperty = "In",
                                Values = [TrainerExitCodes.InvalidInput, TrainerExitCodes.GateNotMet, TrainerExitCodes.ChampionNotBeaten],
                            },
                        },
                    ],
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
                    Spec = PodSpec(trainingJob, settings),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(TrainingJob trainingJob, WorkloadSettings settings) =>
        TrainerPodSpec(trainingJob.Spec.Image, [.. Environment(trainingJob, settings)], trainingJob.Spec.Resources, settings);

    /// <summary>
    /// A Pod of the trainer image (a training run, or with <paramref name="args"/> a Model's monitoring
    /// run): restricted, never restarted in place, no service account token.
    /// </summary>
    internal static V1PodSpec TrainerPodSpec(string? image, IList<V1EnvVar> environment, ResourcesSpec? resources, WorkloadSettings settings, IList<string>? args = null) => new()
    {
        RestartPolicy = "Never",
        AutomountServiceAccountToken = false,
        EnableServiceLinks = false,
        SecurityContext = RestrictedPod.PodSecurityContext(),
        Volumes = [RestrictedPod.TmpEmptyDir()],
        Containers =
        [
            new V1Container
            {
                Name = ContainerName,
                Image = image ?? settings.TrainerImage,
                ImagePullPolicy = settings.ImagePullPolicy,
                Args = args,
                Env = environment,
                Resources = resources?.ToKubernetes() ?? settings.TrainerResources,
                SecurityContext = RestrictedPod.ContainerSecurityContext(),
                VolumeMounts = [RestrictedPod.TmpMount()],
                // The trainer prints a one-line "error: ..." for invalid input; the log tail becomes the Pod's termination message.
                TerminationMessagePolicy = "FallbackToLogsOnError",
            },
        ],
    };

    /// <summary>The spec as the trainer's ECML_* variables, then the store's endpoint and Secret references.</summary>
    public static IEnumerable<V1EnvVar> Environment(TrainingJob trainingJob, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(trainingJob);
        ArgumentNullException.ThrowIfNull(settings);
        var spec = trainingJob.Spec;
        var store = spec.Output?.Store ?? settings.Store;
        yield return Env.Of(TrainerVariables.Task, spec.Task);
        if (spec.Algorithm is { } algorithm)
        {
            yield return Env.Of(TrainerVariables.Algorithm, algorithm);
        }

        yield return DataVariable(spec.DataSource);
        if (WindowVariable(spec.DataSource) is { } window)
        {
            yield return window;
        }

        foreach (var variable in EventsVariables(spec.DataSource.Events))
        {
            yield return variable;
        }

        yield return Env.Of(TrainerVariables.Store, store);
        yield return Env.Of(TrainerVariables.Model, spec.Model);
        if (spec.Hyperparameters is { Count: > 0 } hyperparameters)
        {
            yield return Env.Of(
                TrainerVariables.Hyperparameters,
                string.Join(',', hyperparameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        }

        if (spec.Evaluation?.HoldoutDays is { } holdoutDays)
        {
            yield return Env.Of(TrainerVariables.HoldoutDays, holdoutDays.ToString(CultureInfo.InvariantCulture));
        }

        if (spec.Evaluation?.K is { } k)
        {
            yield return Env.Of(TrainerVariables.K, k.ToString(CultureInfo.InvariantCulture));
        }

        if (spec.Evaluation?.Gate is { } gate)
        {
            yield return Env.Of(TrainerVariables.GateMetric, gate.Metric);
            if (gate.Minimum is { } minimum)
            {
                yield return Env.Of(TrainerVariables.GateMinimum, minimum.ToString("R", CultureInfo.InvariantCulture));
            }

            if (gate.Maximum is { } maximum)
            {
                yield return Env.Of(TrainerVariables.GateMaximum, maximum.ToString("R", CultureInfo.InvariantCulture));
            }

            if (gate.Tolerance is { } tolerance)
            {
                yield return Env.Of(TrainerVariables.GateTolerance, tolerance.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        yield return Env.Of(TrainerVariables.TrainingJob, $"{trainingJob.Metadata.NamespaceProperty}/{trainingJob.Metadata.Name}");
        yield return Env.Of(TrainerVariables.Namespace, trainingJob.Metadata.NamespaceProperty);
        if (StandardLabels.ValueOf(trainingJob, StandardLabels.Trigger) is { } trigger)
        {
            yield return Env.Of(TrainerVariables.Trigger, trigger);
        }

        foreach (var variable in StoreEnvironment.For(store, spec.Output?.CredentialsSecretRef?.Name ?? settings.TrainerCredentialsSecretName, settings))
        {
            yield return variable;
        }
    }

    /// <summary>ECML_WINDOW_DAYS from spec.dataSource.window, when set.</summary>
    private static V1EnvVar? WindowVariable(DataSourceSpec dataSource)
    {
        if (dataSource.Window is not { } window)
        {
            return null;
        }

        try
        {
            return Env.Of(TrainerVariables.WindowDays, EventsDataSource.Days(window, "spec.dataSource.window").ToString(CultureInfo.InvariantCulture));
        }
        catch (FormatException e)
        {
            throw new InvalidWorkloadException(e.Message);
        }
    }

    /// <summary>
    /// ECML_EVENTS and its window: the sink in the run's own store, which the model's ModelDeployments write to, or the
    /// events database's connection as a Secret reference.
    /// </summary>
    private static IEnumerable<V1EnvVar> EventsVariables(EventsDataSource? events)
    {
        if (events is null)
        {
            yield break;
        }

        int days;
        try
        {
            days = events.WindowDays();
        }
        catch (FormatException e)
        {
            throw new InvalidWorkloadException(e.Message);
        }

        yield return events.Postgres?.SecretRef is { Name.Length: > 0 } secret
            ? Env.FromSecret(TrainerVariables.Events, secret.Name, secret.Key ?? SecretKeyReference.DefaultKey) // it holds a password
            : Env.Of(TrainerVariables.Events, TrainerVariables.EventsFromStore);
        yield return Env.Of(TrainerVariables.EventsWindowDays, days.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// ECML_DATA: the word for the synthetic shop, the S3 prefix, or the database connection as a Secret reference (it
    /// holds a password).
    /// </summary>
    internal static V1EnvVar DataVariable(DataSourceSpec dataSource) => dataSource switch
    {
        _ when new object?[] { dataSource.Synthetic, dataSource.Postgres, dataSource.S3 }.Count(source => source is not null) > 1 =>
            throw new InvalidWorkloadException("spec.dataSource names two sources: set exactly one of: synthetic, postgres, s3."),
        { Synthetic: not null } => Env.Of(TrainerVariables.Data, TrainerVariables.SyntheticData),
        { S3.Prefix: var prefix } when System.Text.RegularExpressions.Regex.IsMatch(prefix, S3DataSource.PrefixPattern) => Env.Of(TrainerVariables.Data, prefix),
        { S3: not null } => throw new InvalidWorkloadException($"spec.dataSource.s3.prefix '{dataSource.S3.Prefix}' is not s3://bucket[/prefix]."),
        { Postgres.SecretRef: { Name.Length: > 0 } secret } => Env.FromSecret(TrainerVariables.Data, secret.Name, secret.Key ?? SecretKeyReference.DefaultKey),
        { Postgres: not null } => throw new InvalidWorkloadException("spec.dataSource.postgres.secretRef.name is empty: name the Secret that holds the connection URL."),
        _ => throw new InvalidWorkloadException("spec.dataSource names no source: set exactly one of: synthetic, postgres, s3 (events is merged into one, it is not a source on its own)."),
    };
}
