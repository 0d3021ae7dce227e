using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// What <see cref="TriggerPlanner"/> decides from: the Model (spec, status, name, creation time),
/// the servable version's manifest, the newest monitoring report of that version, and the time.
/// </summary>
/// <param name="Model">The Model as read (its status is the observed one: activeJob, lastTrigger, lastScheduleTime, history).</param>
/// <param name="Servable">The servable version's manifest; null when there is none.</param>
/// <param name="Report">The newest monitoring report of the monitored version (<see cref="Monitored"/>, else the servable one); a report of another version is ignored.</param>
/// <param name="Now">The time of the decision.</param>
public sealed record TriggerInputs(Model Model, ModelManifest? Servable, MonitoringReport? Report, DateTimeOffset Now)
{
    /// <summary>
    /// Names of this Model's TrainingJobs that exist (the reconciler lists them). A trigger whose run
    /// exists has fired already. Null: those the status knows (the active job, the last trigger's, the history's).
    /// </summary>
    public IReadOnlySet<string>? ExistingRuns { get; init; }

    /// <summary>
    /// The version the reports are of when a ModelDeployment serves another than the servable one (<see cref="MonitoredVersion"/>):
    /// drift, performance and newData judge it. Null: the servable version.
    /// </summary>
    public ModelManifest? Monitored { get; init; }
}

/// <summary>One trigger that fires now: its reason and priority (<see cref="TrainingTriggers"/>), why, and the TrainingJob it starts.</summary>
public sealed record DueTrigger(string Reason, int Priority, string Why, string JobName);

/// <summary>
/// The decision: the triggers that are due (highest priority first), the one run to start now (or
/// why it waits), the active run to delete first (<c>concurrencyPolicy: Replace</c>), the schedule
/// occurrence the run satisfies, the next schedule time, and when to look again.
/// </summary>
public sealed record TriggerPlan
{
    /// <summary>Every trigger due now whose run does not exist yet, highest priority first.</summary>
    public IReadOnlyList<DueTrigger> Due { get; init; } = [];

    /// <summary>The run to start now: the first of <see cref="Due"/>, unless it waits.</summary>
    public DueTrigger? Run { get; init; }

    /// <summary>Why the first of <see cref="Due"/> does not start now (suspended, a run is active, cooling down); null otherwise.</summary>
    public string? Waiting { get; init; }

    /// <summary>The active TrainingJob to delete before <see cref="Run"/> starts (Replace, for a trigger of higher priority).</summary>
    public string? Replaces { get; init; }

    /// <summary>The cron occurrence that is due: recorded as <c>status.lastScheduleTime</c> once a run starts (any run satisfies it).</summary>
    public DateTimeOffset? ScheduleOccurrence { get; init; }

    public DateTimeOffset? NextScheduleTime { get; init; }

    /// <summary>The earliest time a trigger can come due without anything else changing (schedule, age, end of the cool-down).</summary>
    public DateTimeOffset? NextCheck { get; init; }

    /// <summary>What is wrong with the spec (an unparsable cron, time zone or duration); nothing is planned while there is any.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
