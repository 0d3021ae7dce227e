using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// A Model's spec with its texts parsed (cron and time zone, durations) and defaults applied: what
/// the planners work from. The schema checks the shapes; this is the full check the API server
/// cannot do (a cron that names day 31 of February, a time zone this machine does not know), and
/// its problems become the Model's <c>Ready</c> condition (reason <c>InvalidSpec</c>).
/// </summary>
public sealed record ModelPolicy
{
    /// <summary>Monitoring more often than this would pile up Jobs faster than a monitor can run.</summary>
    public static readonly TimeSpan MinimumMonitoringInterval = TimeSpan.FromSeconds(10);

    public CronSchedule? Schedule { get; init; }

    public TimeSpan? MaxAge { get; init; }

    public TimeSpan CoolDown { get; init; }

    /// <summary>Null when the Model is not monitored.</summary>
    public TimeSpan? MonitoringInterval { get; init; }

    /// <summary>The live window the monitor reads, in whole days (a part of a day counts as one).</summary>
    public int MonitoringWindowDays { get; init; }

    public bool Initial { get; init; } = true;

    public bool Replace { get; init; }

    public bool Suspended { get; init; }

    /// <summary>The policy, or the problems of the spec (each naming its field).</summary>
    public static (ModelPolicy? Policy, IReadOnlyList<string> Problems) From(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        var triggers = spec.Triggers ?? new ModelTriggers();
        CronSchedule? schedule = null;
        if (triggers.Schedule is { } cron)
        {
            (schedule, var error) = CronSchedule.Parse(cron.Cron, cron.TimeZone);
            Add(problems, error);
        }

        var (maxAge, maxAgeError) = Durations.ParseAtLeast(triggers.MaxAge, "spec.triggers.maxAge", TimeSpan.FromSeconds(1));
        var (coolDown, coolDownError) = Durations.Parse(spec.CoolDown, "spec.coolDown");
        var (interval, intervalError) = Durations.ParseAtLeast(
            spec.Monitoring is null ? null : spec.Monitoring.Interval ?? MonitoringSpec.DefaultInterval, "spec.monitoring.interval", MinimumMonitoringInterval);
        var (window, windowError) = Durations.ParseAtLeast(
            spec.Monitoring is null ? null : spec.Monitoring.Window ?? MonitoringSpec.DefaultWindow, "spec.monitoring.window", TimeSpan.FromSeconds(1));
        Add(problems, maxAgeError);
        Add(problems, coolDownError);
        Add(problems, intervalError);
        Add(problems, windowError);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return (new ModelPolicy
        {
            Schedule = schedule,
            MaxAge = maxAge,
            CoolDown = coolDown ?? TimeSpan.Zero,
            MonitoringInterval = interval,
            MonitoringWindowDays = window is { } w ? (int)Math.Ceiling(w.TotalDays) : 0,
            Initial = triggers.Initial ?? true,
            Replace = spec.ConcurrencyPolicy == ModelSpec.Replace,
            Suspended = spec.Suspend ?? false,
        }, []);
    }

    private static void Add(List<string> problems, string? error)
    {
        if (error is not null)
        {
            problems.Add(error);
        }
    }
}
