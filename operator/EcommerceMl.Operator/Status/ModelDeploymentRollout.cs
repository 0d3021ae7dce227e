using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using k8s.Models;

namespace EcommerceMl.Operator.Status;

/// <summary>The spec's version looked up in the store: a concrete version, or why there is none.</summary>
public sealed record VersionResolution(string? Version, string? FailureReason = null, string? FailureMessage = null)
{
    public static VersionResolution Found(string version) => new(version);

    public static VersionResolution Missing(string reason, string message) => new(null, reason, message);
}

/// <summary>What the reconciler read: the ModelDeployment, the resolved version, both Deployments and their Pods.</summary>
public sealed record RolloutInputs(
    ModelDeployment Deployment,
    VersionResolution Resolution,
    V1Deployment? Stable,
    V1Deployment? Canary,
    IReadOnlyList<V1Pod> Pods,
    string? CandidateWorseBecause,
    DateTime Now);

/// <summary>
/// What should exist and what to report: the stable Deployment's version and replicas (null
/// replicas: leave them to the autoscaler), the canary's (null version: no canary), the status,
/// and the Events to record.
/// </summary>
public sealed record RolloutPlan(
    string? StableVersion,
    int? StableReplicas,
    string? CanaryVersion,
    int CanaryReplicas,
    ModelDeploymentStatus Status,
    IReadOnlyList<ClusterEvent> Events)
{
    public bool InProgress => Status.ModelStatus?.TransitionStatus == TransitionStatuses.InProgress;
}

/// <summary>
/// The ModelDeployment's rollout as a pure function of what was read. The version being served is
/// <c>status.currentVersion</c>; a resolved version that differs becomes the candidate, which is
/// promoted once its Deployment is rolled out (and, for a canary, not worse on the gate metric), or
/// rolled back when it fails: crash-looping Pods, ProgressDeadlineExceeded, or not ready within
/// <c>analysisSeconds</c>. A version once rolled back is not tried again until the spec resolves
/// to another one.
/// </summary>
public static class ModelDeploymentRollout
{
    public static RolloutPlan Plan(RolloutInputs inputs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(time);
        var md = inputs.Deployment;
        var spec = md.Spec;
        var rollout = spec.Rollout ?? new RolloutSpec();
        var analysis = rollout.AnalysisSeconds ?? RolloutSpec.DefaultAnalysisSeconds;
        var total = spec.Replicas ?? ModelDeploymentSpec.DefaultReplicas;
        int? stableReplicas = spec.Autoscaling is null ? total : null;
        var old = md.Status;
        var status = Rollout.StatusCopy.Of(old);
        var generation = md.Metadata.Generation;
        var events = new List<ClusterEvent>();
        status.ObservedGeneration = generation;
        status.Endpoint = ModelDeploymentBuilder.Endpoint(md);

        var want = inputs.Resolution.Version;
        var current = status.CurrentVersion ?? want;
        status.CurrentVersion = current;
        string? candidate = want is not null && want != current && !IsRolledBack(old, want) ? want : null;
        string? canaryVersion = null;
        var canaryReplicas = 0;
        var stableVersion = current;
        Health? canaryHealth = null;
        string? failure = null;
        string? inProgress = null;

        if (candidate is not null)
        {
            var isCanary = rollout.Strategy == RolloutSpec.Canary;
            var health = isCanary
                ? PredictorHealth.Of(inputs.Canary, candidate, inputs.Pods, inputs.Now, analysis)
                : PredictorHealth.Of(inputs.Stable, candidate, inputs.Pods, inputs.Now, analysis);
            var worse = inputs.CandidateWorseBecause;

            if (worse is not null && (health.State == RolloutState.Ready || !isCanary))
            {
                failure = RollBack(status, candidate, ModelDeploymentReasons.CandidateWorse, worse, events, generation, time);
            }
            else if (health.State == RolloutState.Failed)
            {
                failure = RollBack(status, candidate, health.Reason, health.Message, events, generation, time);
            }
            else if (health.State == RolloutState.Ready)
            {
                events.Add(new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.Promoted, $"Promoted {candidate}; it replaces {current}."));
                if (Conditions.Find(status.Conditions, ModelDeploymentConditions.RolledBack) is not null)
                {
                    Conditions.Set(status.Conditions!, ModelDeploymentConditions.RolledBack, ConditionStatus.False, ModelDeploymentReasons.Promoted,
                        $"{candidate} was promoted.", generation, time);
                }

                status.PreviousVersion = current;
                status.CurrentVersion = current = stableVersion = candidate;
            }
            else if (isCanary)
            {
                inProgress = canaryVersion = candidate;
                var basis = stableReplicas ?? spec.Autoscaling?.MinReplicas ?? AutoscalingSpec.DefaultMinReplicas;
                var percent = rollout.CanaryTrafficPercent ?? RolloutSpec.DefaultCanaryTrafficPercent;
                canaryReplicas = Math.Max(1, (int)Math.Round(basis * percent / 100.0, MidpointRounding.AwayFromZero));
                stableReplicas = stableReplicas is { } n ? Math.Max(n - canaryReplicas, Math.Min(n, 1)) : null;
                canaryHealth = health;
            }
            else
            {
                inProgress = stableVersion = candidate;
            }

            if (inProgress is not null && old?.CandidateVersion != inProgress)
            {
                events.Add(new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.RolloutStarted,
                    $"Rolling out {candidate} ({(isCanary ? "canary" : "rolling update")}); serving {current}."));
            }
        }

        status.CandidateVersion = inProgress;

        status.Traffic = Traffic(current, canaryVersion, stableReplicas ?? inputs.Stable?.Spec?.Replicas ?? 1, canaryReplicas);
        status.ReadyReplicas = (inputs.Stable?.Status?.ReadyReplicas ?? 0) + (canaryVersion is null ? 0 : inputs.Canary?.Status?.ReadyReplicas ?? 0);
        var stableHealth = current is null ? null : PredictorHealth.Of(inputs.Stable, stableVersion!, inputs.Pods, inputs.Now, analysis);
        SetConditions(status, inputs, current, stableHealth, canaryHealth, generation, time);
        status.ModelStatus = ModelStatusOf(old, status, inputs.Resolution, candidate, failure, stableHealth, inputs.Now, events);
        return new RolloutPlan(current is null ? null : stableVersion, stableReplicas, canaryVersion, canaryReplicas, status, events);
    }

    private static bool IsRolledBack(ModelDeploymentStatus? old, string version) =>
        Conditions.IsTrue(old?.Conditions, ModelDeploymentConditions.RolledBack) && old?.ModelStatus?.LastFailureInfo?.Version == version;

    private static string RollBack(ModelDeploymentStatus status, string candidate, string reason, string message, List<ClusterEvent> events, long? generation, TimeProvider time)
    {
        var text = $"Rolled back {candidate} to {status.CurrentVersion}: {message}";
        Conditions.Set(status.Conditions!, ModelDeploymentConditions.RolledBack, ConditionStatus.True, reason, text, generation, time);
        events.Add(new ClusterEvent(ClusterEvent.Warning, ModelDeploymentReasons.RolledBack, $"{reason}: {text}"));
        return reason;
    }

    private static List<TrafficTarget> Traffic(string? current, string? canary, int stableReplicas, int canaryReplicas)
    {
        if (current is null)
        {
            return [];
        }

        if (canary is null)
        {
            return [new TrafficTarget { Version = current, Percent = 100, Tag = "current" }];
        }

        var canaryPercent = (int)Math.Round(100.0 * canaryReplicas / Math.Max(1, stableReplicas + canaryReplicas), MidpointRounding.AwayFromZero);
        return
        [
            new TrafficTarget { Version = current, Percent = 100 - canaryPercent, Tag = "current" },
            new TrafficTarget { Version = canary, Percent = canaryPercent, Tag = "candidate" },
        ];
    }

    private static void SetConditions(
        ModelDeploymentStatus status, RolloutInputs inputs, string? current, Health? stableHealth, Health? canaryHealth, long? generation, TimeProvider time)
    {
        var conditions = status.Conditions!;
        var resolution = inputs.Resolution;
        // Serving whichever version its Pods run: during the stable Deployment's own rollout (maxUnavailable 0) the old Pods keep serving.
        var serving = current is not null && PredictorHealth.IsServing(inputs.Stable);
        var (predictorReason, predictorMessage) = current is null
            ? (resolution.FailureReason ?? ModelDeploymentReasons.NotServing, resolution.FailureMessage ?? "No version to serve.")
            : serving
                ? (ModelDeploymentReasons.Available, $"{current} is served by {inputs.Stable!.Status!.AvailableReplicas} available replica(s).")
                : (stableHealth!.Reason, stableHealth.Message);
        Conditions.Set(conditions, ModelDeploymentConditions.PredictorReady, ConditionStatus.Of(serving), predictorReason, predictorMessage, generation, time);

        if (canaryHealth is not null)
        {
            Conditions.Set(conditions, ModelDeploymentConditions.CanaryReady, ConditionStatus.Of(canaryHealth.State == RolloutState.Ready),
                canaryHealth.Reason, canaryHealth.Message, generation, time);
        }
        else if (Conditions.Find(conditions, ModelDeploymentConditions.CanaryReady) is { } stale)
        {
            conditions.Remove(stale);
        }

        var blocking = conditions.Where(c => c.Type is ModelDeploymentConditions.PredictorReady or ModelDeploymentConditions.CanaryReady && c.Status != ConditionStatus.True)
            .OrderBy(c => c.Type, StringComparer.Ordinal).FirstOrDefault();
        var (ready, reason, message) = blocking is not null
            ? (false, blocking.Reason, $"{blocking.Type}: {blocking.Message}")
            : resolution.Version is null
                ? (false, resolution.FailureReason!, resolution.FailureMessage!)
                : (true, ModelDeploymentReasons.Available, $"Serving {current} at {status.Endpoint}.");
        Conditions.Set(conditions, ModelDeploymentConditions.Ready, ConditionStatus.Of(ready), reason, message, generation, time);
    }

    private static ModelStatus ModelStatusOf(
        ModelDeploymentStatus? old, ModelDeploymentStatus status, VersionResolution resolution, string? candidate, string? rolledBackFor,
        Health? stableHealth, DateTime now, List<ClusterEvent> events)
    {
        var lastFailure = old?.ModelStatus?.LastFailureInfo;
        FailureInfo Failure(string reason, string? message, string? version) =>
            lastFailure is not null && lastFailure.Reason == reason && lastFailure.Version == version && lastFailure.Message == message
                ? lastFailure
                : new FailureInfo { Reason = reason, Message = message, Version = version, Time = ApiTime.WholeSeconds(now) };

        if (resolution.Version is null)
        {
            var failure = Failure(resolution.FailureReason!, resolution.FailureMessage, null);
            if (!ReferenceEquals(failure, lastFailure))
            {
                events.Add(new ClusterEvent(ClusterEvent.Warning, failure.Reason, failure.Message ?? failure.Reason));
            }

            var transition = resolution.FailureReason == ModelDeploymentReasons.VersionNotFound ? TransitionStatuses.InvalidSpec : TransitionStatuses.InProgress;
            return new ModelStatus { TransitionStatus = transition, LastFailureInfo = failure };
        }

        if (rolledBackFor is not null)
        {
            var text = Conditions.Find(status.Conditions, ModelDeploymentConditions.RolledBack)!.Message;
            return new ModelStatus { TransitionStatus = TransitionStatuses.BlockedByFailedLoad, LastFailureInfo = Failure(rolledBackFor, text, resolution.Version) };
        }

        if (candidate is null && resolution.Version != status.CurrentVersion)
        {
            // The resolved version was rolled back before: hold the current one until the spec resolves to another.
            return new ModelStatus { TransitionStatus = TransitionStatuses.BlockedByFailedLoad, LastFailureInfo = lastFailure };
        }

        if (stableHealth is { State: RolloutState.Failed } && status.CandidateVersion is null)
        {
            return new ModelStatus { TransitionStatus = TransitionStatuses.BlockedByFailedLoad, LastFailureInfo = Failure(stableHealth.Reason, stableHealth.Message, status.CurrentVersion) };
        }

        var settled = status.CandidateVersion is null && stableHealth is { State: RolloutState.Ready };
        return new ModelStatus { TransitionStatus = settled ? TransitionStatuses.UpToDate : TransitionStatuses.InProgress, LastFailureInfo = lastFailure };
    }
}
