using System.Globalization;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Status;

/// <summary>
/// A Model's status, pure, in two steps around the trigger planner: <see cref="Observe"/> (what the
/// cluster and the store say: versions, the active run, the last trigger, the history of finished
/// runs, the newest monitoring run and report), then <see cref="Decide"/> (what the planner and the
/// reconciler did: the trigger that started a run or waits, schedule times, and the conditions).
/// <see cref="Events"/> compares the result with the status before, so an Event goes out once per
/// change, never once per reconcile.
/// </summary>
public static class ModelStatusCalculator
{
    public static ModelResourceStatus Observe(ModelObservations observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var model = observed.Model;
        var before = model.Status;
        var active = observed.ActiveRun;
        var newestRun = observed.Runs.MaxBy(r => r.Metadata.CreationTimestamp);
        return new ModelResourceStatus
        {
            ObservedGeneration = model.Metadata.Generation,
            LatestVersion = observed.Latest?.Version,
            LastTrainedTime = observed.Latest is { } latest ? ApiTime.WholeSeconds(latest.CreatedAt.UtcDateTime) : null,
            ServableVersion = observed.Servable?.Version,
            ActiveJob = active?.Metadata.Name,
            // The newest run tells what started last, also after a restart that lost the status write.
            LastTrigger = newestRun is not null && (before?.LastTrigger?.Job != newestRun.Metadata.Name) ? TriggerOf(newestRun) : Copy(before?.LastTrigger),
            PendingTrigger = Copy(before?.PendingTrigger),
            LastScheduleTime = before?.LastScheduleTime,
            NextScheduleTime = before?.NextScheduleTime,
            Monitoring = MonitoringOf(observed.MonitoringJobs) ?? before?.Monitoring,
            Drift = DriftOf(observed.Report),
            Performance = PerformanceOf(observed.Report),
            NewData = NewDataOf(observed.Report),
            History = History(before?.History, observed.Runs, observed.RunVersions),
            Conditions = Conditions.Copy(before?.Conditions),
        };
    }

    /// <summary>
    /// The observed status with the decision: the run started (<paramref name="started"/>, null when
    /// none), the trigger that waits, the schedule, and every condition.
    /// </summary>
    public static ModelResourceStatus Decide(ModelResourceStatus observed, ModelObservations observations, TriggerPlan plan, DueTrigger? started, string? nameTaken = null)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(plan);
        var now = ApiTime.WholeSeconds(observations.Now.UtcDateTime);
        var model = observations.Model;
        var status = observed;
        if (started is not null)
        {
            status.ActiveJob = started.JobName;
            status.LastTrigger = new TriggerRecord { Reason = started.Reason, Priority = started.Priority, Time = now, Job = started.JobName, Message = started.Why };
        }

        status.PendingTrigger = plan.Run is null && plan.Due is [var first, ..]
            ? new TriggerRecord
            {
                Reason = first.Reason,
                Priority = first.Priority,
                // First found waiting: keep the time while the same trigger waits.
                Time = status.PendingTrigger?.Job == first.JobName ? status.PendingTrigger.Time : now,
                Job = first.JobName,
                Message = $"{first.Why}; waiting: {plan.Waiting}",
            }
            : null;
        if (plan.ScheduleOccurrence is { } occurrence)
        {
            status.LastScheduleTime = ApiTime.WholeSeconds(occurrence.UtcDateTime);
        }

        status.NextScheduleTime = plan.NextScheduleTime is { } next ? ApiTime.WholeSeconds(next.UtcDateTime) : null;
        SetConditions(status, observations, plan, nameTaken);
        return status;
    }

    /// <summary>The Events a user should see for the change from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IReadOnlyList<ClusterEvent> Events(ModelResourceStatus? before, ModelResourceStatus after, TriggerPlan plan, DueTrigger? started, string? replaced)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(plan);
        var events = new List<ClusterEvent>();
        if (replaced is not null && started is not null)
        {
            events.Add(new ClusterEvent(ClusterEvent.Normal, ModelReasons.RunReplaced,
                $"Deleted TrainingJob {replaced} (concurrencyPolicy Replace) for {started.Reason}, of higher priority."));
        }

        if (started is not null)
        {
            var others = plan.Due.Where(t => t != started).Select(t => t.Reason).ToList();
            events.Add(new ClusterEvent(ClusterEvent.Normal, "TrainingTriggered",
                $"{started.Reason} (priority {started.Priority}): {started.Why}. Started TrainingJob {started.JobName}."
                + (others.Count > 0 ? $" Also due, satisfied by this run: {string.Join(", ", others)}." : "")));
        }

        if (after.PendingTrigger is { } pending && before?.PendingTrigger?.Job != pending.Job)
        {
            events.Add(new ClusterEvent(ClusterEvent.Normal, ModelReasons.TriggerWaiting, $"{pending.Reason} (priority {pending.Priority}): {pending.Message}."));
        }

        var known = (before?.History ?? []).Select(h => h.Job).ToHashSet(StringComparer.Ordinal);
        foreach (var run in (after.History ?? []).Where(h => !known.Contains(h.Job)).Reverse())
        {
            events.Add(RunOutcome(run));
        }

        if (after.ServableVersion is { } servable && before?.ServableVersion != servable && !(after.History ?? []).Any(h => h.Version == servable && !known.Contains(h.Job)))
        {
            events.Add(new ClusterEvent(ClusterEvent.Normal, ModelReasons.NewServableVersion,
                $"The servable version of the model is now {servable}{(before?.ServableVersion is { } was ? $" (was {was})" : "")}."));
        }

        AddFlip(events, before, after, ModelConditions.DriftDetected, ClusterEvent.Warning);
        AddFlip(events, before, after, ModelConditions.PerformanceDegraded, ClusterEvent.Warning);
        if (after.Monitoring is { Phase: "Failed" } monitoring && (before?.Monitoring?.Job != monitoring.Job || before.Monitoring.Phase != "Failed"))
        {
            events.Add(new ClusterEvent(ClusterEvent.Warning, ModelReasons.MonitoringFailed, $"Monitoring Job {monitoring.Job} failed: {monitoring.Message}"));
        }

        if (Conditions.Find(after.Conditions, ModelConditions.Ready) is { Status: ConditionStatus.False, Reason: ModelReasons.InvalidSpec or ModelReasons.NameTaken } notReady
            && Conditions.Find(before?.Conditions, ModelConditions.Ready)?.Message != notReady.Message)
        {
            events.Add(new ClusterEvent(ClusterEvent.Warning, notReady.Reason, notReady.Message));
        }

        return events;
    }

    private static ClusterEvent RunOutcome(TrainingRecord run)
    {
        var what = $"TrainingJob {run.Job} ({run.Trigger ?? TrainingTriggers.Manual})";
        if (run.Version is not null && run.Servable == true)
        {
            return new ClusterEvent(ClusterEvent.Normal, ModelReasons.NewServableVersion, $"{what} published {run.Version}, now servable{Metrics(run)}.");
        }

        if (run.Version is not null)
        {
            return new ClusterEvent(ClusterEvent.Warning, ModelReasons.CandidateRejected,
                $"{what} published {run.Version}, which is not servable: {run.Message}. The servable version is unchanged.");
        }

        return new ClusterEvent(ClusterEvent.Warning, ModelReasons.TrainingFailed, $"{what} failed: {run.Message ?? "no message"}.");
    }

    private static string Metrics(TrainingRecord run) =>
        run.Champion is { } champion ? $" ({champion.Summary})" : run.Gate?.Summary is { } gate ? $" ({gate})" : "";

    private static void AddFlip(List<ClusterEvent> events, ModelResourceStatus? before, ModelResourceStatus after, string type, string eventType)
    {
        var now = Conditions.Find(after.Conditions, type);
        if (now?.Status == ConditionStatus.True && Conditions.Find(before?.Conditions, type)?.Status != ConditionStatus.True)
        {
            events.Add(new ClusterEvent(eventType, type, now.Message));
        }
    }

    private static void SetConditions(ModelResourceStatus status, ModelObservations observations, TriggerPlan plan, string? nameTaken)
    {
        var conditions = status.Conditions ??= [];
        var generation = observations.Model.Metadata.Generation;
        var now = observations.Now.UtcDateTime;
        void Set(string type, string value, string reason, string message) => Conditions.Set(conditions, type, value, reason, message, generation, now);

        var model = observations.Model.Metadata.Name;
        if (status.ServableVersion is { } servable)
        {
            Set(ModelConditions.Trained, ConditionStatus.True, ModelReasons.ServableVersionAvailable, $"Version {servable} of {model} is servable.");
        }
        else
        {
            var failedInitial = (status.History ?? []).FirstOrDefault(h => h.Job == TrainingRunNames.Initial(model, observations.Model.Metadata.Generation));
            var why = observations.Latest is { } latest
                ? $"the newest version, {latest.Version}, is not servable: {observations.WhyLatestNotServable}"
                : failedInitial is { Phase: TrainingJobPhases.Failed }
                    ? $"TrainingJob {failedInitial.Job} failed ({failedInitial.Message}); a change to the spec starts a new first run"
                    : $"the store holds no version of {model} yet";
            Set(ModelConditions.Trained, ConditionStatus.False, ModelReasons.NoServableVersion, $"No servable version: {why}.");
        }

        if (status.ActiveJob is { } active)
        {
            var trigger = status.LastTrigger?.Job == active ? status.LastTrigger : null;
            Set(ModelConditions.Training, ConditionStatus.True, trigger?.Reason ?? TrainingTriggers.Manual,
                $"TrainingJob {active} is running{(trigger?.Message is { } why ? $": {why}" : "")}.");
        }
        else if (plan.Problems.Count == 0 && (observations.Model.Spec.Suspend ?? false))
        {
            Set(ModelConditions.Training, ConditionStatus.False, ModelReasons.Suspended, "spec.suspend is true: no run and no monitoring Job starts.");
        }
        else if (status.PendingTrigger is { } pending)
        {
            Set(ModelConditions.Training, ConditionStatus.False, ModelReasons.Waiting, $"{pending.Reason} is due: {pending.Message}.");
        }
        else
        {
            Set(ModelConditions.Training, ConditionStatus.False, ModelReasons.Idle, "No run is active and no trigger is due.");
        }

        var watched = observations.Model.Spec.Monitoring is not null;
        SetDrift(status, observations.Monitored?.Version ?? status.ServableVersion, watched, Set);
        SetPerformance(status, watched, Set);

        if (plan.Problems.Count > 0)
        {
            Set(ModelConditions.Ready, ConditionStatus.False, ModelReasons.InvalidSpec, string.Join(" ", plan.Problems));
        }
        else if (nameTaken is not null)
        {
            Set(ModelConditions.Ready, ConditionStatus.False, ModelReasons.NameTaken, nameTaken);
        }
        else if (status.ServableVersion is null)
        {
            Set(ModelConditions.Ready, ConditionStatus.False, ModelReasons.NoServableVersion, Conditions.Find(conditions, ModelConditions.Trained)!.Message);
        }
        else
        {
            Set(ModelConditions.Ready, ConditionStatus.True, ModelReasons.Ready, $"Version {status.ServableVersion} is servable and the spec is valid.");
        }
    }

    /// <param name="monitored">The version the reports are of (<see cref="ModelObservations.Monitored"/>, else the servable one).</param>
    /// <param name="watched">The spec asks for monitoring: without it no report will come, and the condition says why.</param>
    private static void SetDrift(ModelResourceStatus status, string? monitored, bool watched, Action<string, string, string, string> set)
    {
        if (status.Drift is not { } drift)
        {
            set(ModelConditions.DriftDetected, ConditionStatus.Unknown, ModelReasons.NotMonitored,
                !watched ? NoMonitoring
                : monitored is null ? "No servable version to monitor." : $"No monitoring report of {monitored} yet.");
            return;
        }

        var judged = drift.Features?.Count(f => f.Sufficient) ?? 0;
        var at = Stamp(drift.CheckedAt);
        if (drift.Detected)
        {
            var what = new[]
            {
                drift.DriftedFeatures is { Count: > 0 } features ? $"input drift in {string.Join(", ", features)} ({features.Count} of {judged} features judged)" : null,
                drift.Prediction?.Drifted == true ? "prediction drift" : null,
            }.OfType<string>();
            set(ModelConditions.DriftDetected, ConditionStatus.True, TrainingTriggers.DriftDetected, $"{string.Join(" and ", what)} on {drift.Version}, checked at {at}.");
        }
        else if (judged == 0 && drift.Prediction?.Sufficient != true)
        {
            // False would read as "checked, and fine"; with nothing judged the check says nothing either way.
            set(ModelConditions.DriftDetected, ConditionStatus.Unknown, ModelReasons.NotJudged,
                $"Nothing judged on {drift.Version}, checked at {at}: {TooFewRows(drift)}.");
        }
        else
        {
            set(ModelConditions.DriftDetected, ConditionStatus.False, ModelReasons.NoDrift,
                $"No drift on {drift.Version} ({(judged > 0 ? $"{judged} features judged" : "predictions only: no feature had rows enough")}), checked at {at}.");
        }
    }

    /// <summary>Why a report judged nothing: every feature and the predictions with the live rows each had.</summary>
    private static string TooFewRows(DriftStatus drift)
    {
        var compared = (drift.Features ?? []).Concat(drift.Prediction is { } p ? [p] : []).ToList();
        return compared.Count == 0
            ? "the report compared no feature and no predictions"
            : $"too few live rows to judge any feature or the predictions ({string.Join(", ", compared.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} {f.CurrentCount:N0}")))})";
    }

    private const string NoMonitoring = "spec.monitoring is not set: no monitoring Job runs, so no report will come.";

    private static void SetPerformance(ModelResourceStatus status, bool watched, Action<string, string, string, string> set)
    {
        if (status.Performance is not { } performance)
        {
            set(ModelConditions.PerformanceDegraded, ConditionStatus.Unknown, ModelReasons.NotMonitored,
                status.Drift is null ? (watched ? "No monitoring report yet." : NoMonitoring) : "The newest monitoring report has no realized accuracy (no data labelled since the cutoff yet).");
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{performance.Metric} = {performance.Value:0.####} on {performance.Count} labelled rows since the cutoff, {(performance.AtTraining is { } t ? t.ToString("0.####", CultureInfo.InvariantCulture) : "unknown")} at training (allowed drop {performance.MaxRelativeDrop:P0}), checked at {Stamp(performance.CheckedAt)}.");
        set(ModelConditions.PerformanceDegraded, ConditionStatus.Of(performance.Degraded),
            performance.Degraded ? TrainingTriggers.PerformanceDegraded : ModelReasons.PerformanceWithinBounds, text);
    }

    /// <summary>Finished runs, newest first: those recorded before, updated and joined by the runs that exist now, at most <see cref="ModelResourceStatus.HistoryLimit"/>.</summary>
    private static List<TrainingRecord>? History(IList<TrainingRecord>? before, IReadOnlyList<TrainingJob> runs, IReadOnlyDictionary<string, ModelManifest> versions)
    {
        // The runs that exist, newest first, then the records of runs already gone; the sort by completion
        // is stable, so runs finishing in the same second keep that order (the newer run first).
        var current = runs.Where(r => TrainingJobPhases.IsFinished(r.Status?.Phase))
            .OrderByDescending(r => r.Metadata.CreationTimestamp)
            .Select(r => RecordOf(r, versions))
            .ToList();
        var gone = (before ?? []).Where(h => current.All(c => c.Job != h.Job)).Select(h => Copy(h)!);
        List<TrainingRecord> all = [.. current, .. gone];
        return all.Count == 0
            ? null
            : [.. all
                .OrderByDescending(h => h.CompletionTime ?? h.StartTime ?? DateTime.MinValue)
                .Take(ModelResourceStatus.HistoryLimit)];
    }

    private static TrainingRecord RecordOf(TrainingJob run, IReadOnlyDictionary<string, ModelManifest> versions)
    {
        var status = run.Status!;
        var manifest = status.ModelVersion is { } version ? versions.GetValueOrDefault(version) : null;
        var whyNot = manifest is null ? null : ModelVersions.WhyNotServable(manifest);
        return new TrainingRecord
        {
            Job = run.Metadata.Name,
            Trigger = StandardLabels.ValueOf(run, StandardLabels.Trigger),
            StartTime = status.StartTime is { } start ? ApiTime.WholeSeconds(start) : null,
            CompletionTime = status.CompletionTime is { } end ? ApiTime.WholeSeconds(end) : null,
            Phase = status.Phase,
            Version = status.ModelVersion,
            Servable = manifest is null ? (status.ModelVersion is null ? null : status.Phase == TrainingJobPhases.Succeeded) : whyNot is null,
            Metrics = status.Metrics is null ? null : new Dictionary<string, double>(status.Metrics, StringComparer.Ordinal),
            Gate = status.Gate is null ? null : new GateStatus { Metric = status.Gate.Metric, Value = status.Gate.Value, Passed = status.Gate.Passed, Summary = status.Gate.Summary },
            Champion = manifest?.Champion is { } champion
                ? new ChampionStatus
                {
                    Version = champion.Version,
                    Metric = champion.Metric,
                    ChampionValue = champion.ChampionValue,
                    ChallengerValue = champion.ChallengerValue,
                    Tolerance = champion.Tolerance,
                    Passed = champion.Passed,
                    Summary = champion.Describe(),
                }
                : null,
            Message = whyNot ?? status.Message,
        };
    }

    private static TriggerRecord TriggerOf(TrainingJob run)
    {
        var reason = StandardLabels.ValueOf(run, StandardLabels.Trigger) ?? TrainingTriggers.Manual;
        return new TriggerRecord
        {
            Reason = reason,
            Priority = TrainingTriggers.All.Contains(reason) ? TrainingTriggers.Priority(reason) : 0,
            Time = run.Metadata.CreationTimestamp is { } created ? ApiTime.WholeSeconds(created) : null,
            Job = run.Metadata.Name,
            Message = run.Metadata.Annotations is { } annotations && annotations.TryGetValue(ModelTrainingJobBuilder.TriggerMessageAnnotation, out var why) ? why : null,
        };
    }

    private static MonitoringRunStatus? MonitoringOf(IReadOnlyList<V1Job> jobs)
    {
        var job = jobs.MaxBy(j => j.Metadata.CreationTimestamp);
        if (job is null)
        {
            return null;
        }

        var failed = job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == ConditionStatus.True);
        var complete = job.Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == ConditionStatus.True) == true;
        var version = job.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Env?.FirstOrDefault(e => e.Name == MonitorArguments.Version.Variable)?.Value;
        return new MonitoringRunStatus
        {
            Job = job.Metadata.Name,
            Version = version,
            Phase = failed is not null ? "Failed" : complete ? "Succeeded" : "Running",
            StartTime = job.Status?.StartTime is { } start ? ApiTime.WholeSeconds(start) : null,
            CompletionTime = job.Status?.CompletionTime is { } end ? ApiTime.WholeSeconds(end) : null,
            Message = failed is null ? null : $"{failed.Reason}: {failed.Message}",
        };
    }

    private static DriftStatus? DriftOf(MonitoringReport? report)
    {
        if (report is null || (report.Drift is null && report.PredictionDrift is null))
        {
            return null;
        }

        var features = report.Drift?.Features ?? [];
        var drifted = report.Drift?.DriftedFeatures().ToList() ?? [];
        var detected = report.Drift?.Detected == true || report.PredictionDrift?.Drifted == true;
        return new DriftStatus
        {
            CheckedAt = ApiTime.WholeSeconds(report.CheckedAt.UtcDateTime),
            Version = report.Version,
            Detected = detected,
            Score = report.Drift?.Score,
            Summary = DriftSummary.Of(report),
            DriftedFeatures = drifted.Count > 0 ? drifted : null,
            Features = features.Count > 0 ? [.. features.Select(FeatureOf)] : null,
            Prediction = report.PredictionDrift is { } prediction ? FeatureOf(prediction) : null,
        };
    }

    private static FeatureDriftStatus FeatureOf(FeatureDrift f) => new()
    {
        Name = f.Name,
        Method = f.Method,
        Score = double.IsFinite(f.Score) ? f.Score : null, // NaN with no live rows: JSON has no NaN, and a status write with one fails
        Threshold = f.Threshold,
        ReferenceCount = f.ReferenceCount,
        CurrentCount = f.CurrentCount,
        Sufficient = f.Sufficient,
        Drifted = f.Drifted,
    };

    private static PerformanceStatus? PerformanceOf(MonitoringReport? report) =>
        report?.Performance is { } p
            ? new PerformanceStatus
            {
                CheckedAt = ApiTime.WholeSeconds(report.CheckedAt.UtcDateTime),
                Metric = p.Metric,
                Value = p.Value,
                AtTraining = p.AtTraining,
                Count = p.Count,
                MaxRelativeDrop = p.MaxRelativeDrop,
                Degraded = p.Degraded,
            }
            : null;

    private static NewDataStatus? NewDataOf(MonitoringReport? report) =>
        report is null
            ? null
            : new NewDataStatus
            {
                CheckedAt = ApiTime.WholeSeconds(report.CheckedAt.UtcDateTime),
                Since = report.NewData.Since is { } since ? ApiTime.WholeSeconds(since.UtcDateTime) : null,
                Orders = report.NewData.Orders,
                Events = report.NewData.Events,
            };

    private static T? Copy<T>(T? value)
        where T : class =>
        value is null ? null : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    private static string Stamp(DateTime? at) =>
        at is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "an unknown time";
}
