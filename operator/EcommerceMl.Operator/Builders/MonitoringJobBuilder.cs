using System.Globalization;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// Model → the batch/v1 Job of one monitoring run: the trainer image with args <c>["monitor"]</c>
/// and the monitor's variables (<see cref="MonitorArguments"/>): the model, the servable version,
/// the training data source (and its events' database, when events are read from PostgreSQL), the store and its
/// credentials exactly as a training run gets them,
/// the window and the drift and performance settings. Owned by the Model. Pure.
/// </summary>
public static class MonitoringJobBuilder
{
    public const string Component = "monitor";

    public static V1Job Build(Model model, string name, string version, ModelPolicy policy, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(settings);
        var labels = Labels(model);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = model.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [OwnerReferences.ControllerOf(model)],
            },
            Spec = new V1JobSpec
            {
                // A failed check is retried once; the next interval tries again anyway.
                BackoffLimit = 1,
                // A check must not outlive its interval much: the next one would start beside it.
                ActiveDeadlineSeconds = (long)Math.Max(60, policy.MonitoringInterval!.Value.TotalSeconds * 2),
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
                    Spec = TrainerPod(model, version, policy, settings),
                },
            },
        };
    }

    /// <summary>The labels of a monitoring Job and its Pods.</summary>
    public static Dictionary<string, string> Labels(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return StandardLabels.For(TrainingJobBuilder.App, model.Metadata.Name, Component,
            (StandardLabels.ModelResource, model.Metadata.Name),
            (StandardLabels.Model, model.Metadata.Name));
    }

    /// <summary>True for a Job this builder made (a Model's monitoring run).</summary>
    public static bool IsMonitoringJob(V1Job job) => StandardLabels.ValueOf(job, StandardLabels.Component) == Component;

    private static V1PodSpec TrainerPod(Model model, string version, ModelPolicy policy, WorkloadSettings settings) =>
        TrainingJobBuilder.TrainerPodSpec(
            model.Spec.Training.Image, [.. Environment(model, version, policy, settings)], model.Spec.Training.Resources, settings, [MonitorArguments.Command]);

    /// <summary>The monitor's ECML_* variables, then the store's endpoint and Secret references (the trainer's).</summary>
    public static IEnumerable<V1EnvVar> Environment(Model model, string version, ModelPolicy policy, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(settings);
        var training = model.Spec.Training;
        var store = training.Output?.Store ?? settings.Store;
        var triggers = model.Spec.Triggers;
        yield return Env.Of(MonitorArguments.Model.Variable, model.Metadata.Name);
        yield return Env.Of(MonitorArguments.Version.Variable, version);
        // ECML_DATA, as a training run gets it (MonitorArguments shares the trainer's variable), a database URL only as a Secret reference.
        yield return TrainingJobBuilder.DataVariable(training.DataSource);
        if (training.DataSource.Events?.Postgres?.SecretRef is { Name.Length: > 0 } events)
        {
            // The servers write events to PostgreSQL and training reads them there: so does the monitor (the default is
            // the store's partitions). A Secret reference: the connection holds a password.
            yield return Env.FromSecret(MonitorArguments.Events.Variable, events.Name, events.Key ?? SecretKeyReference.DefaultKey);
        }

        yield return Env.Of(MonitorArguments.Store.Variable, store);
        yield return Env.Of(MonitorArguments.WindowDays.Variable, policy.MonitoringWindowDays.ToString(CultureInfo.InvariantCulture));
        if (triggers?.Drift?.Threshold is { } threshold)
        {
            yield return Env.Of(MonitorArguments.Threshold.Variable, threshold.ToString("R", CultureInfo.InvariantCulture));
        }

        if (triggers?.Drift?.MinSamples is { } minSamples)
        {
            yield return Env.Of(MonitorArguments.MinSamples.Variable, minSamples.ToString(CultureInfo.InvariantCulture));
        }

        if ((triggers?.Performance?.Metric ?? model.Spec.Gate?.Metric ?? training.Evaluation?.Gate?.Metric) is { } metric)
        {
            yield return Env.Of(MonitorArguments.PerformanceMetric.Variable, metric);
        }

        if (triggers?.Performance is { } performance)
        {
            yield return Env.Of(MonitorArguments.MaxRelativeDrop.Variable, performance.MaxRelativeDrop.ToString("R", CultureInfo.InvariantCulture));
        }

        foreach (var variable in StoreEnvironment.For(store, training.Output?.CredentialsSecretRef?.Name ?? settings.TrainerCredentialsSecretName, settings))
        {
            yield return variable;
        }
    }
}
