using System.Globalization;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// "Which triggers fire now, and which one run do they start?" — pure, so the reconciler, a test
/// and <c>ecml retrain check</c> get the same answer. Each trigger fires once per situation, which
/// its run's name records (<see cref="TrainingRunNames"/>): initial once per generation of the spec
/// while no version is servable (a failed first run is not retried until the spec changes), the schedule once per occurrence, maxAge and newData once per servable version,
/// drift and performance once per monitoring report. Several due at once start one run, the one
/// of highest priority (<see cref="TrainingTriggers.Priority"/>); the others are satisfied by it.
/// A due trigger waits while the Model is suspended, while a run is active (Forbid; Replace
/// replaces it only for a higher priority), and during the cool-down after the last run (except
/// initial, as nothing serves yet).
/// </summary>
public static class TriggerPlanner
{
    public static TriggerPlan Plan(TriggerInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (policy, problems) = ModelPolicy.From(inputs.Model.Spec);
        if (policy is null)
        {
            return new TriggerPlan { Problems = problems };
        }

        var model = inputs.Model;
        var status = model.Status ?? new ModelResourceStatus();
        var existing = inputs.ExistingRuns ?? KnownRuns(status);
        var (occurrence, scheduled) = Schedule(policy, model, inputs.Now);
        var candidates = new List<DueTrigger?>
        {
            Initial(policy, model, inputs.Servable),
            scheduled,
            MaxAge(policy, model, inputs.Servable, inputs.Now),
        };
        if ((inputs.Monitored ?? inputs.Servable) is { } monitored && inputs.Report is { } report && report.Version == monitored.Version)
        {
            candidates.Add(Drift(model, report));
            candidates.Add(Performance(model, report));
            candidates.Add(NewData(model, monitored, report));
        }

        var due = candidates
            .OfType<DueTrigger>()
            .Where(t => !existing.Contains(t.JobName))
            .OrderByDescending(t => t.Priority)
            .ThenBy(t => OrderOf(t.Reason))
            .ToList();
        var nextSchedule = policy.Schedule?.Next(inputs.Now);
        var coolDownEnds = CoolDownEnds(policy, status);
        var plan = new TriggerPlan
        {
            Due = due,
            NextScheduleTime = nextSchedule,
            NextCheck = Earliest(inputs.Now, nextSchedule, AgeDue(policy, inputs.Servable), coolDownEnds),
            // A schedule occurrence whose run exists was acted on, whatever happened since.
            ScheduleOccurrence = scheduled is not null && existing.Contains(scheduled.JobName) ? occurrence : null,
        };
        if (due.Count == 0)
        {
            return plan;
        }

        var first = due[0];
        var waiting = WaitingFor(policy, status, first, coolDownEnds, inputs.Now);
        if (waiting is not null)
        {
            return plan with { Waiting = waiting };
        }

        return plan with
        {
            Run = first,
            Replaces = status.ActiveJob,
            ScheduleOccurrence = occurrence ?? plan.ScheduleOccurrence,
        };
    }

    /// <summary>Why <paramref name="first"/> cannot start now; null when it can (with Replace, the active run goes first).</summary>
    private static string? WaitingFor(ModelPolicy policy, ModelResourceStatus status, DueTrigger first, DateTimeOffset? coolDownEnds, DateTimeOffset now)
    {
        if (policy.Suspended)
        {
            return "spec.suspend is true";
        }

        if (status.ActiveJob is { } active)
        {
            var activePriority = status.LastTrigger is { } last && last.Job == active && TrainingTriggers.All.Contains(last.Reason)
                ? TrainingTriggers.Priority(last.Reason)
                : TrainingTriggers.Priority(TrainingTriggers.Manual);
            return policy.Replace && first.Priority > activePriority
                ? null
                : $"TrainingJob {active} is running (concurrencyPolicy {(policy.Replace ? ModelSpec.Replace + ", and its priority is not lower" : ModelSpec.Forbid)})";
        }

        return first.Reason != TrainingTriggers.Initial && coolDownEnds is { } ends && now < ends
            ? $"the cool-down after the last run lasts until {ends.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
            : null;
    }

    private static DueTrigger? Initial(ModelPolicy policy, Model model, ModelManifest? servable) =>
        policy.Initial && servable is null
            ? Due(TrainingTriggers.Initial, $"the store holds no servable version of {model.Metadata.Name}", TrainingRunNames.Initial(model.Metadata.Name, model.Metadata.Generation))
            : null;

    private static (DateTimeOffset? Occurrence, DueTrigger? Trigger) Schedule(ModelPolicy policy, Model model, DateTimeOffset now)
    {
        if (policy.Schedule is not { } schedule)
        {
            return (null, null);
        }

        // Like a CronJob: occurrences before the Model existed do not count, and of those missed since the last one acted on only the latest runs.
        var after = model.Status?.LastScheduleTime is { } last
            ? new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc))
            : model.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : now;
        if (schedule.LatestDue(after, now) is not { } occurrence)
        {
            return (null, null);
        }

        var cron = model.Spec.Triggers!.Schedule!;
        return (occurrence, Due(TrainingTriggers.Scheduled,
            $"the schedule '{cron.Cron}' ({cron.TimeZone ?? ScheduleTrigger.DefaultTimeZone}) came due at {Stamp(occurrence)}",
            TrainingRunNames.Scheduled(model.Metadata.Name, occurrence)));
    }

    private static DueTrigger? MaxAge(ModelPolicy policy, Model model, ModelManifest? servable, DateTimeOffset now) =>
        AgeDue(policy, servable) is { } due && due <= now
            ? Due(TrainingTriggers.MaxAge,
                $"the servable version {servable!.Version} was created at {Stamp(servable.CreatedAt)}, more than {Durations.Format(policy.MaxAge!.Value)} ago",
                TrainingRunNames.MaxAge(model.Metadata.Name, servable.Version))
            : null;

    private static DateTimeOffset? AgeDue(ModelPolicy policy, ModelManifest? servable) =>
        policy.MaxAge is { } maxAge && servable is not null ? servable.CreatedAt + maxAge : null;

    private static DueTrigger? Drift(Model model, MonitoringReport report)
    {
        if (model.Spec.Triggers?.Drift is null)
        {
            return null;
        }

        var features = report.Drift?.Detected == true ? report.Drift.DriftedFeatures().ToList() : [];
        var predictions = report.PredictionDrift?.Drifted == true;
        if (features.Count == 0 && !predictions)
        {
            return null;
        }

        var what = string.Join(" and ", new[]
        {
            features.Count > 0 ? $"input drift in {string.Join(", ", features)}" : null,
            predictions ? "prediction drift" : null,
        }.OfType<string>());
        return Due(TrainingTriggers.DriftDetected, $"the monitoring report of {Stamp(report.CheckedAt)} found {what} on {report.Version}",
            TrainingRunNames.Drift(model.Metadata.Name, report.CheckedAt));
    }

    private static DueTrigger? Performance(Model model, MonitoringReport report) =>
        model.Spec.Triggers?.Performance is not null && report.Performance is { Degraded: true } performance
            ? Due(TrainingTriggers.PerformanceDegraded,
                string.Create(CultureInfo.InvariantCulture,
                    $"the monitoring report of {Stamp(report.CheckedAt)} found {performance.Metric} = {performance.Value:0.####} on data labelled since the cutoff, against {Format(performance.AtTraining)} at training (allowed drop {performance.MaxRelativeDrop:P0})"),
                TrainingRunNames.Performance(model.Metadata.Name, report.CheckedAt))
            : null;

    private static DueTrigger? NewData(Model model, ModelManifest servable, MonitoringReport report)
    {
        if (model.Spec.Triggers?.NewData is not { } threshold)
        {
            return null;
        }

        var counts = report.NewData;
        var reasons = new[]
        {
            threshold.MinNewOrders is { } orders && counts.Orders >= orders ? $"{counts.Orders} new orders (threshold {orders})" : null,
            threshold.MinNewEvents is { } events && counts.Events >= events ? $"{counts.Events} new events (threshold {events})" : null,
        }.OfType<string>().ToList();
        return reasons.Count == 0
            ? null
            : Due(TrainingTriggers.NewData,
                $"{string.Join(" and ", reasons)} since the data of {servable.Version}{(counts.Since is { } since ? $" (to {Stamp(since)})" : "")}",
                TrainingRunNames.NewData(model.Metadata.Name, servable.Version));
    }

    /// <summary>When the cool-down after the last finished run ends; null without a cool-down or a finished run.</summary>
    private static DateTimeOffset? CoolDownEnds(ModelPolicy policy, ModelResourceStatus status)
    {
        if (policy.CoolDown <= TimeSpan.Zero)
        {
            return null;
        }

        var finished = status.History?.Select(h => h.CompletionTime).OfType<DateTime>().DefaultIfEmpty().Max();
        var last = finished is { } f && f != default ? f : status.ActiveJob is null ? status.LastTrigger?.Time : null;
        return last is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) + policy.CoolDown : null;
    }

    /// <summary>The runs the status knows of: what callers that cannot list TrainingJobs pass, and what the reconciler adds to those it lists (a run pruned by the history limits has still fired).</summary>
    public static HashSet<string> KnownRuns(ModelResourceStatus status)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { status.ActiveJob, status.LastTrigger?.Job }.Concat(status.History?.Select(h => h.Job) ?? []))
        {
            if (name is not null)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset now, params DateTimeOffset?[] times) =>
        times.OfType<DateTimeOffset>().Where(t => t > now).Select(t => (DateTimeOffset?)t).DefaultIfEmpty().Min();

    private static DueTrigger Due(string reason, string why, string jobName) => new(reason, TrainingTriggers.Priority(reason), why, jobName);

    private static int OrderOf(string reason) => TrainingTriggers.All.ToList().IndexOf(reason);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Format(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "an unknown value";
}
