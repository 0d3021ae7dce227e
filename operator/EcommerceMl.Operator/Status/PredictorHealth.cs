using System.Globalization;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Status;

/// <summary>Where one inference Deployment stands with one version.</summary>
public enum RolloutState
{
    /// <summary>The Deployment does not exist or runs another version: the reconciler is about to write it.</summary>
    Pending,

    /// <summary>Pods of the version are starting; the analysis window is still open.</summary>
    Progressing,

    /// <summary>Every replica runs the version and is available (kubectl's "successfully rolled out").</summary>
    Ready,

    /// <summary>The version cannot be served: crash-looping Pods, the progress deadline, or the analysis window passed.</summary>
    Failed,
}

/// <summary>A <see cref="RolloutState"/> with the reason and message that explain it.</summary>
public sealed record Health(RolloutState State, string Reason, string Message);

/// <summary>
/// Reads an inference Deployment and its Pods the way <c>kubectl rollout status</c> does, plus the
/// failure signs a rollout must not wait out. Pure: time comes in as <c>now</c>.
/// </summary>
public static class PredictorHealth
{
    /// <summary>Annotation the reconciler sets on a Deployment when it moves it to a new version: the analysis window starts there.</summary>
    public const string RolloutStartedAnnotation = MlApi.LabelPrefix + "rollout-started";

    /// <summary>Container waiting reasons that will not resolve by waiting.</summary>
    private static readonly HashSet<string> StuckReasons = new(StringComparer.Ordinal)
    {
        "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError",
    };

    public static Health Of(V1Deployment? deployment, string version, IEnumerable<V1Pod> pods, DateTime now, int analysisSeconds)
    {
        ArgumentNullException.ThrowIfNull(pods);
        if (deployment is null || VersionOf(deployment) != version)
        {
            return new Health(RolloutState.Pending, ModelDeploymentReasons.Progressing, $"Deployment for version {version} is being written.");
        }

        var name = deployment.Metadata.Name;
        if (IsRolledOut(deployment))
        {
            return new Health(RolloutState.Ready, ModelDeploymentReasons.Available, $"Deployment {name} serves {version} on every replica.");
        }

        var progressing = deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing is { Status: ConditionStatus.False, Reason: ModelDeploymentReasons.ProgressDeadlineExceeded })
        {
            return new Health(RolloutState.Failed, ModelDeploymentReasons.ProgressDeadlineExceeded,
                $"Deployment {name} exceeded its progress deadline with {version}: {SecretRedaction.Redact(progressing.Message)}".TrimEnd(':', ' '));
        }

        var track = deployment.Spec?.Selector?.MatchLabels?.TryGetValue(ModelDeploymentBuilder.TrackLabel, out var t) == true ? t : null;
        var stuck = pods
            .Where(p => Label(p, ModelDeploymentBuilder.TrackLabel) == track && Label(p, StandardLabels.ModelVersion) == version)
            .SelectMany(p => (p.Status?.ContainerStatuses ?? []).Select(c => (Pod: p.Metadata.Name, Waiting: c.State?.Waiting)))
            .FirstOrDefault(c => c.Waiting?.Reason is { } reason && StuckReasons.Contains(reason));
        if (stuck.Waiting is { } waiting)
        {
            return new Health(RolloutState.Failed, waiting.Reason,
                // The kubelet's message can quote the container's environment or image pull credentials: redacted like a trainer's.
                $"Pod {stuck.Pod} of version {version} is in {waiting.Reason}{(string.IsNullOrWhiteSpace(waiting.Message) ? "" : $": {SecretRedaction.Redact(waiting.Message)}")}.");
        }

        var started = StartedAt(deployment) ?? now;
        if (now - started > TimeSpan.FromSeconds(analysisSeconds))
        {
            return new Health(RolloutState.Failed, ModelDeploymentReasons.AnalysisTimeout,
                $"Version {version} was not ready on every replica of {name} within {analysisSeconds} s ({deployment.Status?.AvailableReplicas ?? 0} of {deployment.Spec?.Replicas ?? 0} available).");
        }

        return new Health(RolloutState.Progressing, ModelDeploymentReasons.Progressing,
            $"Deployment {name} is rolling out {version}: {deployment.Status?.UpdatedReplicas ?? 0} of {deployment.Spec?.Replicas ?? 0} updated, {deployment.Status?.AvailableReplicas ?? 0} available.");
    }

    /// <summary>
    /// kubectl's rule: the controller saw the latest spec, every replica is updated, no old ones
    /// remain, all updated ones are available (absent counters are 0).
    /// </summary>
    public static bool IsRolledOut(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var status = deployment.Status;
        var wanted = deployment.Spec?.Replicas ?? 1;
        return status is not null
            && (status.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
            && (status.UpdatedReplicas ?? 0) == wanted
            && (status.Replicas ?? 0) == (status.UpdatedReplicas ?? 0)
            && (status.AvailableReplicas ?? 0) == (status.UpdatedReplicas ?? 0);
    }

    /// <summary>Serving: the Deployment has as many available replicas as it asks for (with maxUnavailable 0 this holds during its own rollouts).</summary>
    public static bool IsServing(V1Deployment? deployment) =>
        deployment?.Status is { } status && (status.AvailableReplicas ?? 0) >= Math.Max(1, deployment.Spec?.Replicas ?? 1);

    /// <summary>The version the Deployment's Pod template serves.</summary>
    public static string? VersionOf(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.Spec?.Template?.Metadata?.Labels is { } labels && labels.TryGetValue(StandardLabels.ModelVersion, out var v) ? v : null;
    }

    public static DateTime? StartedAt(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.Metadata.Annotations is { } annotations && annotations.TryGetValue(RolloutStartedAnnotation, out var value)
            && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : deployment.Metadata.CreationTimestamp;
    }

    private static string? Label(V1Pod pod, string key) =>
        pod.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
