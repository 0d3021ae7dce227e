namespace EcommerceMl.Operator.Status;

/// <summary>
/// Times as the API server stores metav1.Time: UTC, whole seconds. Writing them so keeps a
/// re-written object byte-identical, so an unchanged status is not a change.
/// </summary>
public static class ApiTime
{
    /// <summary><paramref name="value"/> in UTC (an unspecified kind is taken as UTC already), truncated to the second.</summary>
    public static DateTime WholeSeconds(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    public static DateTime Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return WholeSeconds(time.GetUtcNow().UtcDateTime);
    }
}
