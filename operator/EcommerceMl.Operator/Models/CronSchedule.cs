using Cronos;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// A Model's <c>triggers.schedule</c>: a cron expression (5 fields, 6 with seconds first, or a
/// macro) read in an IANA time zone, with daylight-saving changes as Cronos handles them (a
/// skipped local time runs at the jump, a repeated one once).
/// </summary>
public sealed class CronSchedule
{
    private static readonly DateTimeOffset NeverBefore = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        _zone = zone;
    }

    /// <summary>The schedule, or an error naming what is wrong (the expression or the zone).</summary>
    public static (CronSchedule? Schedule, string? Error) Parse(string cron, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var zoneId = timeZone ?? Resources.V1Alpha1.ScheduleTrigger.DefaultTimeZone;
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return (null, $"spec.triggers.schedule.timeZone '{zoneId}' is not a time zone this operator knows (an IANA id such as Europe/London or UTC).");
        }

        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron, format);
        }
        catch (CronFormatException e)
        {
            return (null, $"spec.triggers.schedule.cron '{cron}' is not a valid cron expression: {e.Message}");
        }

        // Cronos accepts a day that no month has (0 2 31 2 *): such a schedule would silently never run.
        return expression.GetNextOccurrence(NeverBefore, zone) is null
            ? (null, $"spec.triggers.schedule.cron '{cron}' never comes due (no date matches it).")
            : (new CronSchedule(expression, zone), null);
    }

    /// <summary>The latest occurrence after <paramref name="after"/> and at or before <paramref name="now"/>; null when none fell in between.</summary>
    public DateTimeOffset? LatestDue(DateTimeOffset after, DateTimeOffset now)
    {
        if (now <= after)
        {
            return null;
        }

        var latest = _expression.GetPreviousOccurrence(now, _zone, inclusive: true);
        return latest is { } at && at > after ? at : null;
    }

    /// <summary>The first occurrence strictly after <paramref name="from"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset from) => _expression.GetNextOccurrence(from, _zone, inclusive: false);
}
