using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Status;

/// <summary>One gauge sample: the series' name, its label values in <see cref="StatusSamples.Gauges"/> order, the value.</summary>
public sealed record StatusSample(string Name, IReadOnlyList<string> Labels, double Value);

/// <summary>
/// The status of the operator's resources as Prometheus gauges, as kube-state-metrics does for built-in kinds: what the
/// Model's monitoring found (drift per feature, realized accuracy against the accuracy at training), its training
/// history, each ModelDeployment's traffic split per version (the canary's share) and readiness, each TrainingJob's
/// phase and duration. Pure: a resource in, its samples out (<see cref="Runtime.ResourceStatusMetrics"/> exports them).
/// Labels are the resource's namespace and name and values its status already bounds (features of the training
/// profile, the metric a Model is judged by, versions in its traffic, the five phases).
/// </summary>
public static class StatusSamples
{
    /// <summary>
    /// The resource's namespace. Not <c>namespace</c>: Prometheus gives every series the scraped Pod's namespace under
    /// that name (the operator's), and would rename this one to <c>exported_namespace</c> unless the scrape honours
    /// labels, so the dashboard's queries would depend on the scrape configuration.
    /// </summary>
    public const string ResourceNamespace = "resource_namespace";

    public const string DriftScore = "ecml_model_drift_score";
    public const string DriftThreshold = "ecml_model_drift_threshold";
    public const string DriftDetected = "ecml_model_drift_detected";
    public const string RealizedMetric = "ecml_model_realized_metric";
    public const string TrainingMetric = "ecml_model_realized_metric_at_training";
    public const string RealizedCount = "ecml_model_realized_metric_count";
    public const string PerformanceDegraded = "ecml_model_performance_degraded";
    public const string LastTrained = "ecml_model_last_trained_timestamp_seconds";
    public const string TrainingRuns = "ecml_model_training_runs";
    public const string TrafficPercent = "ecml_modeldeployment_traffic_percent";
    public const string ReadyReplicas = "ecml_modeldeployment_ready_replicas";
    public const string TrainingJobPhase = "ecml_trainingjob_status_phase";
    public const string TrainingJobDuration = "ecml_trainingjob_duration_seconds";
    public const string TrainingJobCompleted = "ecml_trainingjob_completion_timestamp_seconds";

    /// <summary>Every gauge: name, help and label names.</summary>
    public static IReadOnlyList<(string Name, string Help, string[] Labels)> Gauges { get; } =
    [
        (DriftScore, "A Model's last drift check: each input feature's (and the prediction's) drift score.", [ResourceNamespace, "model", "feature"]),
        (DriftThreshold, "The score above which a feature counts as drifted.", [ResourceNamespace, "model", "feature"]),
        (DriftDetected, "1 when the Model's last drift check found drift, 0 otherwise.", [ResourceNamespace, "model"]),
        (RealizedMetric, "A Model's realized accuracy: its metric on the outcomes seen since the servable version was trained.", [ResourceNamespace, "model", "metric"]),
        (TrainingMetric, "The same metric as measured at training, to compare the realized value with.", [ResourceNamespace, "model", "metric"]),
        (RealizedCount, "How many outcomes the realized metric was computed on.", [ResourceNamespace, "model", "metric"]),
        (PerformanceDegraded, "1 when the realized metric dropped past the Model's bound, 0 otherwise.", [ResourceNamespace, "model"]),
        (LastTrained, "When the Model's newest version was created, Unix seconds.", [ResourceNamespace, "model"]),
        (TrainingRuns, "The Model's training runs in its status history (the last ten), by phase.", [ResourceNamespace, "model", "phase"]),
        (TrafficPercent, "The share of a ModelDeployment's traffic a version gets (stable and canary during a rollout).", [ResourceNamespace, "deployment", "version", "tag"]),
        (ReadyReplicas, "Ready inference Pods of a ModelDeployment.", [ResourceNamespace, "deployment"]),
        (TrainingJobPhase, "1 for a TrainingJob's current phase.", [ResourceNamespace, "trainingjob", "phase"]),
        (TrainingJobDuration, "How long a finished TrainingJob ran, from start to completion.", [ResourceNamespace, "trainingjob", "phase"]),
        (TrainingJobCompleted, "When a TrainingJob finished, Unix seconds.", [ResourceNamespace, "trainingjob", "phase"]),
    ];

    public static IEnumerable<StatusSample> Of(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (ns, name) = (model.Metadata.NamespaceProperty ?? "", model.Metadata.Name);
        var status = model.Status;
        if (status is null)
        {
            yield break;
        }

        if (status.Drift is { } drift)
        {
            yield return new(DriftDetected, [ns, name], drift.Detected ? 1 : 0);
            foreach (var feature in (drift.Features ?? []).Append(drift.Prediction).OfType<FeatureDriftStatus>().Where(f => f.Sufficient && f.Score is not null))
            {
                yield return new(DriftScore, [ns, name, feature.Name], feature.Score!.Value);
                yield return new(DriftThreshold, [ns, name, feature.Name], feature.Threshold);
            }
        }

        if (status.Performance is { Metric.Length: > 0 } performance)
        {
            yield return new(RealizedMetric, [ns, name, performance.Metric], performance.Value);
            yield return new(RealizedCount, [ns, name, performance.Metric], performance.Count);
            yield return new(PerformanceDegraded, [ns, name], performance.Degraded ? 1 : 0);
            if (performance.AtTraining is { } atTraining)
            {
                yield return new(TrainingMetric, [ns, name, performance.Metric], atTraining);
            }
        }

        if (status.LastTrainedTime is { } trained)
        {
            yield return new(LastTrained, [ns, name], UnixSeconds(trained));
        }

        foreach (var phase in (status.History ?? []).GroupBy(r => r.Phase ?? "Unknown", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return new(TrainingRuns, [ns, name, phase.Key], phase.Count());
        }
    }

    public static IEnumerable<StatusSample> Of(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var (ns, name) = (deployment.Metadata.NamespaceProperty ?? "", deployment.Metadata.Name);
        if (deployment.Status is not { } status)
        {
            yield break;
        }

        // One series per version and tag: a version listed twice (it should not be) is summed rather than duplicated.
        foreach (var target in (status.Traffic ?? []).GroupBy(t => (t.Version, Tag: t.Tag ?? "")))
        {
            yield return new(TrafficPercent, [ns, name, target.Key.Version, target.Key.Tag], target.Sum(t => t.Percent));
        }

        yield return new(ReadyReplicas, [ns, name], status.ReadyReplicas ?? 0);
    }

    public static IEnumerable<StatusSample> Of(TrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (ns, name) = (job.Metadata.NamespaceProperty ?? "", job.Metadata.Name);
        if (job.Status?.Phase is not { Length: > 0 } phase)
        {
            yield break;
        }

        yield return new(TrainingJobPhase, [ns, name, phase], 1);
        if (job.Status.CompletionTime is { } completed)
        {
            yield return new(TrainingJobCompleted, [ns, name, phase], UnixSeconds(completed));
            if (job.Status.StartTime is { } started)
            {
                yield return new(TrainingJobDuration, [ns, name, phase], (completed - started).TotalSeconds);
            }
        }
    }

    private static double UnixSeconds(DateTime time) =>
        new DateTimeOffset(DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0;
}
