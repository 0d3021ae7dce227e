using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// Decision 4, what to report: the status (versions, traffic, conditions, modelStatus) and the
/// Events that go out with it, from the earlier decisions. Fields that did not change keep their
/// values (a condition's transition time, an unchanged <c>lastFailureInfo</c>), so an unchanged
/// world gives a byte-identical status.
/// </summary>
public static class RolloutReport
{
    public static (ModelDeploymentStatus Status, IReadOnlyList<ClusterEvent> Events) Decide(
        RolloutInputs inputs, ChosenVersions versions, Verdict verdict, Workloads workloads, Standby? standby = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(workloads);
        var md = inputs.Deployment;
        var old = md.Status;
        var generation = md.Metadata.Generation;
        var status = StatusCopy.Of(old);
        var events = new List<ClusterEvent>();
        status.ObservedGeneration = generation;
        status.Endpoint = ModelDeploymentBuilder.Endpoint(md);
        status.CurrentVersion = versions.Current;
        var candidate = versions.Candidate;
        switch (verdict.Kind)
        {
            case VerdictKind.RollBack:
                var text = $"Rolled back {candidate} to {versions.Current}: {verdict.Message}";
                Conditions.Set(status.Conditions!, ModelDeploymentConditions.RolledBack, ConditionStatus.True, verdict.Reason!, text, generation, inputs.Now);
                events.Add(new ClusterEvent(ClusterEvent.Warning, ModelDeploymentReasons.RolledBack, $"{verdict.Reason}: {text}"));
                break;
            case VerdictKind.Promote:
                var switched = verdict.Reason == ModelDeploymentReasons.SwitchedToPrevious;
                events.Add(switched
                    ? new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.SwitchedToPrevious,
                        $"Switched the traffic from {versions.Current} to {candidate}, kept ready as the previous version; {inputs.Stable?.Metadata.Name} rolls back to it behind the standby.")
                    : new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.Promoted, $"Promoted {candidate}; it replaces {versions.Current}."));
                if (Conditions.Find(status.Conditions, ModelDeploymentConditions.RolledBack) is not null)
                {
                    Conditions.Set(status.Conditions!, ModelDeploymentConditions.RolledBack, ConditionStatus.False, verdict.Reason ?? ModelDeploymentReasons.Promoted,
                        switched ? $"{candidate} was switched back to by hand." : $"{candidate} was promoted.", generation, inputs.Now);
                }

                status.PreviousVersion = versions.Current;
                status.CurrentVersion = candidate;
                break;
            case VerdictKind.Continue:
                if (old?.CandidateVersion != candidate)
                {
                    events.Add(new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.RolloutStarted,
                        $"Rolling out {candidate} ({(inputs.IsCanary ? "canary" : "rolling update")}); serving {versions.Current}."));
                }

                break;
        }

        status.CandidateVersion = verdict.Kind == VerdictKind.Continue ? candidate : null;
        if (verdict.Analysis is { } analysis)
        {
            // The analysis of the last candidate stays after its promotion or rollback: it says why.
            status.Analysis = analysis.Status;
            events.AddRange(analysis.Events);
        }

        var current = status.CurrentVersion;
        // A promoted canary finishing its promotion serves the current version: one version, one traffic target.
        var finishing = workloads.CanaryVersion is not null && workloads.CanaryVersion == current;
        status.Traffic = Traffic(current, finishing ? null : workloads.CanaryVersion, workloads.StableReplicas ?? inputs.Stable?.Spec?.Replicas ?? 1, workloads.CanaryReplicas);
        status.ReadyReplicas = (inputs.Stable?.Status?.ReadyReplicas ?? 0) + (workloads.CanaryVersion is null ? 0 : inputs.Canary?.Status?.ReadyReplicas ?? 0);
        var stableHealth = workloads.StableVersion is { } stableVersion
            ? PredictorHealth.Of(inputs.Stable, stableVersion, inputs.Pods, inputs.Now, inputs.AnalysisSeconds)
            : null;
        var canaryHealth = workloads.CanaryVersion is null ? null : finishing ? FinishingHealth(inputs, current!, stableHealth!) : verdict.Health;
        if (workloads.CanaryVersion is null && PromotedCanary.Finished(inputs, current))
        {
            events.Add(new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.PromotionFinished,
                $"{inputs.Stable!.Metadata.Name} serves {current} on every replica: removed {inputs.Canary!.Metadata.Name}, which served it until then."));
        }

        SetConditions(status, inputs, stableHealth, canaryHealth, standby ?? Standby.None, finishing);
        status.ModelStatus = ModelStatusOf(inputs, status, versions, verdict, stableHealth, events);
        return (status, events);
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

    /// <summary>
    /// The CanaryReady of a promoted canary finishing its promotion (<see cref="PromotedCanary"/>): reason Promoted while
    /// it serves on every replica, saying what it waits for; else its Deployment's own health.
    /// </summary>
    private static Health FinishingHealth(RolloutInputs inputs, string promoted, Health stableHealth)
    {
        var health = PredictorHealth.Of(inputs.Canary, promoted, inputs.Pods, inputs.Now, inputs.AnalysisSeconds);
        return health.State == RolloutState.Ready
            ? health with
            {
                Reason = ModelDeploymentReasons.Promoted,
                Message = $"{promoted} was promoted: {inputs.Canary!.Metadata.Name} keeps serving it until {ModelDeploymentBuilder.DeploymentName(inputs.Deployment)} has rolled over to it, then is removed. {stableHealth.Message}",
            }
            : health;
    }

    /// <summary>
    /// PredictorReady (the stable Deployment serves; while a promoted canary finishes, the two together), CanaryReady
    /// (only while a canary runs), and Ready = both AND the spec's version resolves.
    /// </summary>
    private static void SetConditions(ModelDeploymentStatus status, RolloutInputs inputs, Health? stableHealth, Health? canaryHealth, Standby standby, bool finishing)
    {
        var conditions = status.Conditions!;
        var resolution = inputs.Resolution;
        var generation = inputs.Deployment.Metadata.Generation;
        var current = status.CurrentVersion;
        // Serving whichever version its Pods run: during the stable Deployment's own rollout (maxUnavailable 0) the old Pods keep serving.
        // After a switch to the previous version the standby serves until the stable Deployment has rolled back to it.
        // After a canary's promotion the stable Deployment grows back to every replica: its missing ones are the canary's, still
        // serving — unless its rollover failed, which PredictorReady then says.
        var withCanary = finishing && stableHealth?.State != RolloutState.Failed && !PredictorHealth.IsServing(inputs.Stable) && ServingTogether(inputs.Stable, inputs.Canary);
        var serving = current is not null && (standby.ServesTraffic || PredictorHealth.IsServing(inputs.Stable) || withCanary);
        var (predictorReason, predictorMessage) = current is null
            ? (resolution.FailureReason ?? ModelDeploymentReasons.NotServing, resolution.FailureMessage ?? "No version to serve.")
            : standby.ServesTraffic
                ? (ModelDeploymentReasons.Available, $"{current} is served by the {inputs.Previous!.Status!.AvailableReplicas} available replica(s) of {inputs.Previous.Metadata.Name} while {inputs.Stable?.Metadata.Name} rolls back to it.")
                : withCanary
                    ? (ModelDeploymentReasons.Available,
                        $"{inputs.Stable!.Metadata.Name} rolls over to {current} with {inputs.Stable.Status?.AvailableReplicas ?? 0} available replica(s), and the {inputs.Canary!.Status!.AvailableReplicas} of {inputs.Canary.Metadata.Name} serve {current} meanwhile.")
                    : serving
                        ? (ModelDeploymentReasons.Available, $"{current} is served by {inputs.Stable!.Status!.AvailableReplicas} available replica(s).")
                        : (stableHealth!.Reason, stableHealth.Message);
        Conditions.Set(conditions, ModelDeploymentConditions.PredictorReady, ConditionStatus.Of(serving), predictorReason, predictorMessage, generation, inputs.Now);
        SetPreviousReady(conditions, inputs, standby);

        if (canaryHealth is not null)
        {
            Conditions.Set(conditions, ModelDeploymentConditions.CanaryReady, ConditionStatus.Of(canaryHealth.State == RolloutState.Ready),
                canaryHealth.Reason, canaryHealth.Message, generation, inputs.Now);
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
        Conditions.Set(conditions, ModelDeploymentConditions.Ready, ConditionStatus.Of(ready), reason, message, generation, inputs.Now);
    }

    /// <summary>The stable and canary Deployments' available replicas together are as many as the stable one asks for.</summary>
    private static bool ServingTogether(k8s.Models.V1Deployment? stable, k8s.Models.V1Deployment? canary) =>
        stable is not null && (stable.Status?.AvailableReplicas ?? 0) + (canary?.Status?.AvailableReplicas ?? 0) >= Math.Max(1, stable.Spec?.Replicas ?? 1);

    /// <summary>PreviousReady, present while a standby keeps the previous version: True once it runs it on every replica (not part of Ready).</summary>
    private static void SetPreviousReady(IList<k8s.Models.V1Condition> conditions, RolloutInputs inputs, Standby standby)
    {
        if (standby.Version is not { } version || standby.ServesTraffic)
        {
            if (Conditions.Find(conditions, ModelDeploymentConditions.PreviousReady) is { } gone)
            {
                conditions.Remove(gone);
            }

            return;
        }

        var health = PredictorHealth.Of(inputs.Previous, version, inputs.Pods, inputs.Now, inputs.AnalysisSeconds);
        var ready = health.State == RolloutState.Ready;
        Conditions.Set(conditions, ModelDeploymentConditions.PreviousReady, ConditionStatus.Of(ready), health.Reason,
            ready ? $"{version} runs ready on every replica of {inputs.Previous!.Metadata.Name}, outside the Service: pin spec.version to it to switch back at once." : health.Message,
            inputs.Deployment.Metadata.Generation, inputs.Now);
    }

    /// <summary>
    /// <c>transitionStatus</c> and <c>lastFailureInfo</c>: InvalidSpec or InProgress while the spec
    /// does not resolve; BlockedByFailedLoad after a rollback, while the resolved version is held
    /// back, or while the current version itself fails; UpToDate once settled; else InProgress.
    /// </summary>
    private static ModelStatus ModelStatusOf(
        RolloutInputs inputs, ModelDeploymentStatus status, ChosenVersions versions, Verdict verdict, Health? stableHealth, List<ClusterEvent> events)
    {
        var resolution = inputs.Resolution;
        var lastFailure = inputs.Deployment.Status?.ModelStatus?.LastFailureInfo;
        FailureInfo Failure(string reason, string? message, string? version) =>
            lastFailure is not null && lastFailure.Reason == reason && lastFailure.Version == version && lastFailure.Message == message
                ? lastFailure
                : new FailureInfo { Reason = reason, Message = message, Version = version, Time = ApiTime.WholeSeconds(inputs.Now) };

        if (resolution.Version is null)
        {
            var failure = Failure(resolution.FailureReason!, resolution.FailureMessage, null);
            if (!ReferenceEquals(failure, lastFailure))
            {
                events.Add(new ClusterEvent(ClusterEvent.Warning, failure.Reason, failure.Message ?? failure.Reason));
            }

            var transition = resolution.FailureReason is ModelDeploymentReasons.VersionNotFound or ModelDeploymentReasons.InvalidSpec
                ? TransitionStatuses.InvalidSpec
                : TransitionStatuses.InProgress;
            return new ModelStatus { TransitionStatus = transition, LastFailureInfo = failure };
        }

        if (verdict.Kind == VerdictKind.RollBack)
        {
            var text = Conditions.Find(status.Conditions, ModelDeploymentConditions.RolledBack)!.Message;
            return new ModelStatus { TransitionStatus = TransitionStatuses.BlockedByFailedLoad, LastFailureInfo = Failure(verdict.Reason!, text, resolution.Version) };
        }

        if (versions.HeldBack)
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
