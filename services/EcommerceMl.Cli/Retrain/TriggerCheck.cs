using System.Globalization;
using System.Text.Json.Serialization;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Cli.Retrain;

/// <summary>A trigger that is due now: its reason, priority, why, and the TrainingJob it would create (or that exists already).</summary>
internal sealed record FiringTrigger(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("why")] string Why,
    [property: JsonPropertyName("trainingJob")] string TrainingJob);

/// <summary>A trigger of the spec that would not fire now, and why not.</summary>
internal sealed record QuietTrigger(
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("whyNot")] string WhyNot);

/// <summary>
/// What `ecml retrain check` says about one Model: the triggers that would fire now (highest priority
/// first), the one run they would start or why it would wait, the triggers whose run already exists,
/// and each trigger of the spec that would not fire with why not.
/// </summary>
internal sealed record TriggerCheckResult(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("checkedAt")] DateTimeOffset CheckedAt,
    [property: JsonPropertyName("servableVersion")] string? ServableVersion,
    [property: JsonPropertyName("monitoredVersion")] string? MonitoredVersion,
    [property: JsonPropertyName("monitoringReport")] DateTimeOffset? MonitoringReport,
    [property: JsonPropertyName("wouldFire")] IReadOnlyList<FiringTrigger> WouldFire,
    [property: JsonPropertyName("run")] FiringTrigger? Run,
    [property: JsonPropertyName("waiting")] string? Waiting,
    [property: JsonPropertyName("alreadyStarted")] IReadOnlyList<FiringTrigger> AlreadyStarted,
    [property: JsonPropertyName("wouldNotFire")] IReadOnlyList<QuietTrigger> WouldNotFire,
    [property: JsonPropertyName("nextScheduleTime")] DateTimeOffset? NextScheduleTime,
    [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems);

/// <summary>
/// `ecml retrain check`'s answer, pure: the operator's own <see cref="TriggerPlanner"/> decides what fires (so the
/// check and the reconciler never disagree); this adds, for each trigger that does not fire, why not.
/// </summary>
internal static class TriggerCheck
{
    /// <summary>The spec's names of the triggers, in priority order, and the reason each starts a run with.</summary>
    private static readonly (string Trigger, string Reason)[] Triggers =
    [
        ("initial", TrainingTriggers.Initial),
        ("drift", TrainingTriggers.DriftDetected),
        ("performance", TrainingTriggers.PerformanceDegraded),
        ("schedule", TrainingTriggers.Scheduled),
        ("maxAge", TrainingTriggers.MaxAge),
        ("newData", TrainingTriggers.NewData),
    ];

    /// <param name="model">The Model, with the status local mode last saved.</param>
    /// <param name="servable">Its servable version's manifest; null when there is none.</param>
    /// <param name="report">The newest monitoring report of the monitored version; null when there is none.</param>
    /// <param name="existingRuns">Names of the TrainingJobs that exist in the Model's namespace (the status adds those it remembers).</param>
    /// <param name="now">The time of the check.</param>
    /// <param name="monitored">
    /// The monitored version's manifest (<see cref="MonitoredVersion"/>: what the ModelDeployments serve, which differs from the
    /// servable version after a rollback or a pin); null: the servable one.
    /// </param>
    public static TriggerCheckResult Check(Model model, ModelManifest? servable, MonitoringReport? report, IReadOnlySet<string> existingRuns, DateTimeOffset now, ModelManifest? monitored = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        monitored ??= servable;
        var inputs = new TriggerInputs(model, servable, report, now) { Monitored = monitored };
        // As the reconciler counts them: the runs that exist, and those the status remembers (pruned by the history limits, still fired).
        var fired = existingRuns.Concat(TriggerPlanner.KnownRuns(model.Status ?? new ModelResourceStatus())).ToHashSet(StringComparer.Ordinal);
        var plan = TriggerPlanner.Plan(inputs with { ExistingRuns = fired });
        // The same decision as if no run existed: the triggers due now whatever fired before.
        var regardless = TriggerPlanner.Plan(inputs with { ExistingRuns = new HashSet<string>() });
        var wouldFire = plan.Due.Select(Firing).ToList();
        var alreadyStarted = regardless.Due.Where(d => !plan.Due.Any(p => p.JobName == d.JobName)).Select(Firing).ToList();
        var quiet = plan.Problems.Count > 0
            ? []
            : Triggers
                .Where(t => !regardless.Due.Any(d => d.Reason == t.Reason))
                .Select(t => new QuietTrigger(t.Trigger, WhyNot(t.Trigger, model, servable, monitored, report, plan, now)))
                .ToList();
        return new TriggerCheckResult(
            model.Metadata.Name, model.Metadata.NamespaceProperty ?? "default", now, servable?.Version, monitored?.Version, report?.CheckedAt,
            wouldFire, plan.Run is null ? null : Firing(plan.Run), plan.Waiting, alreadyStarted, quiet, plan.NextScheduleTime, plan.Problems);
    }

    private static FiringTrigger Firing(DueTrigger due) => new(due.Reason, due.Priority, due.Why, due.JobName);

    private static string WhyNot(string trigger, Model model, ModelManifest? servable, ModelManifest? monitored, MonitoringReport? report, TriggerPlan plan, DateTimeOffset now)
    {
        var triggers = model.Spec.Triggers ?? new ModelTriggers();
        return trigger switch
        {
            "initial" => triggers.Initial == false
                ? "off (spec.triggers.initial: false)"
                : $"the store holds a servable version, {servable?.Version}",
            "schedule" => triggers.Schedule is not { } schedule
                ? "not set"
                : plan.NextScheduleTime is { } next
                    ? $"'{schedule.Cron}' ({schedule.TimeZone ?? ScheduleTrigger.DefaultTimeZone}) is next due at {Stamp(next)}, in {Roughly(next - now)}"
                    : $"'{schedule.Cron}' ({schedule.TimeZone ?? ScheduleTrigger.DefaultTimeZone}) has no occurrence to come",
            "maxAge" => triggers.MaxAge is null
                ? "not set"
                : servable is null
                    ? "no servable version to grow old yet"
                    : MaxAgeWhyNot(triggers.MaxAge, servable, now),
            _ => Monitored(trigger, triggers, model.Spec.Monitoring, monitored, report),
        };
    }

    private static string MaxAgeWhyNot(string maxAge, ModelManifest servable, DateTimeOffset now)
    {
        var (limit, _) = Durations.Parse(maxAge, "spec.triggers.maxAge");
        var age = now - servable.CreatedAt;
        return $"the servable version {servable.Version} is {Roughly(age)} old, under maxAge {maxAge}"
            + (limit is { } l ? $"; due at {Stamp(servable.CreatedAt + l)}" : "");
    }

    /// <summary>Why drift, performance or newData — the triggers that read the monitored version's report — would not fire.</summary>
    private static string Monitored(string trigger, ModelTriggers triggers, MonitoringSpec? monitoring, ModelManifest? monitored, MonitoringReport? report)
    {
        var set = trigger switch
        {
            "drift" => triggers.Drift is not null,
            "performance" => triggers.Performance is not null,
            _ => triggers.NewData is not null,
        };
        if (!set)
        {
            return "not set";
        }

        if (monitored is null)
        {
            return "no servable version to monitor yet";
        }

        if (report is null)
        {
            return monitoring is null
                ? "spec.monitoring is not set, so no monitoring report is written"
                : $"no monitoring report of {monitored.Version} yet";
        }

        var of = $"the monitoring report of {Stamp(report.CheckedAt)}";
        return trigger switch
        {
            "drift" => DriftWhyNot(of, report),
            "performance" => report.Performance is { } p
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{of} found {p.Metric} = {p.Value:0.####} on {p.Count} labelled rows since the cutoff against {Number(p.AtTraining)} at training: {Drop(p)}, within the allowed {p.MaxRelativeDrop:0.#%}")
                : $"{of} has no realized performance yet{Notes(report)}",
            _ => NewDataWhyNot(of, triggers.NewData!, report, monitored),
        };
    }

    private static string DriftWhyNot(string of, MonitoringReport report)
    {
        if (report.Drift is not { } drift)
        {
            return $"{of} could not compare the inputs{Notes(report)}";
        }

        var judged = drift.Features.Count(f => f.Sufficient);
        var small = drift.Features.Where(f => !f.Sufficient).Select(f => f.Name).ToList();
        if (judged == 0 && report.PredictionDrift?.Sufficient != true)
        {
            // As the Model's DriftDetected condition says it (Unknown, NotJudged): no drift was found because nothing was judged.
            var unjudged = report.PredictionDrift is { } p ? [.. small, p.Name] : small;
            return $"{of} judged nothing: too few live rows to judge {string.Join(", ", unjudged)}";
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{of} found no drift in the {judged} feature(s) it judged (score {drift.Score:0.###})");
        if (small.Count > 0)
        {
            text += $"; too small a sample to judge {string.Join(", ", small)}";
        }

        return report.PredictionDrift is { } predictions
            ? text + string.Create(CultureInfo.InvariantCulture, $"; predictions {predictions.Method} {predictions.Score:0.###} against {predictions.Threshold:0.###}")
            : text;
    }

    private static string NewDataWhyNot(string of, NewDataTrigger threshold, MonitoringReport report, ModelManifest monitored)
    {
        var parts = new List<string>();
        if (threshold.MinNewOrders is { } orders)
        {
            parts.Add($"{report.NewData.Orders} new orders of the {orders} needed");
        }

        if (threshold.MinNewEvents is { } events)
        {
            parts.Add($"{report.NewData.Events} new events of the {events} needed");
        }

        return $"{of} counts {string.Join(" and ", parts)} since the data of {monitored.Version}";
    }

    /// <summary>A duration as a person reads it: seconds only under an hour ("2d22h", "45m10s").</summary>
    private static string Roughly(TimeSpan duration) =>
        Durations.Format(duration >= TimeSpan.FromHours(1) ? TimeSpan.FromMinutes(Math.Floor(duration.TotalMinutes)) : duration);

    private static string Drop(RealizedPerformance p) =>
        p.AtTraining is { } at && at != 0
            ? string.Create(CultureInfo.InvariantCulture, $"a relative change of {(p.Value - at) / Math.Abs(at):+0.#%;-0.#%;0%}")
            : "no value at training to compare with";

    private static string Notes(MonitoringReport report) => report.Notes.Count == 0 ? "" : $" ({string.Join("; ", report.Notes)})";

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "an unknown value";

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
