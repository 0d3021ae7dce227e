using System.Globalization;
using System.Text.RegularExpressions;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// The durations of a Model's fields (<c>coolDown</c>, <c>maxAge</c>, <c>monitoring.interval</c>):
/// days, hours, minutes and seconds in that order (<c>14d</c>, <c>1h30m</c>, <c>90s</c>). Days are
/// allowed, unlike Go's durations, because retraining policies speak in days.
/// </summary>
public static partial class Durations
{
    /// <summary>The duration <paramref name="text"/> names, or an error naming <paramref name="field"/> and the expected form.</summary>
    public static (TimeSpan? Value, string? Error) Parse(string? text, string field)
    {
        if (text is null)
        {
            return (null, null);
        }

        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return (null, $"{field} '{text}' is not a duration: use days, hours, minutes and seconds in that order, e.g. 14d, 1h30m, 90s.");
        }

        try
        {
            var total = TimeSpan.FromDays(Part(match, "d")) + TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
            return (total, null);
        }
        catch (OverflowException)
        {
            return (null, $"{field} '{text}' is too long a duration.");
        }
    }

    /// <summary>As <see cref="Parse"/>, and at least <paramref name="minimum"/>.</summary>
    public static (TimeSpan? Value, string? Error) ParseAtLeast(string? text, string field, TimeSpan minimum)
    {
        var (value, error) = Parse(text, field);
        return value is { } v && v < minimum
            ? (null, $"{field} '{text}' is shorter than the minimum {Format(minimum)}.")
            : (value, error);
    }

    /// <summary>The shortest text in this form (<c>1d2h</c>, <c>90s</c> as <c>1m30s</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{(duration.Days > 0 ? $"{duration.Days}d" : "")}{(duration.Hours > 0 ? $"{duration.Hours}h" : "")}{(duration.Minutes > 0 ? $"{duration.Minutes}m" : "")}{(duration.Seconds > 0 ? $"{duration.Seconds}s" : "")}");
        return text.Length == 0 ? "0s" : text;
    }

    private static double Part(Match match, string unit) =>
        match.Groups[unit].Success ? double.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;

    // NamePatterns.Duration with named groups: the schema and this parser accept the same texts.
    [GeneratedRegex("^(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>For tests: the schema's pattern, which must accept exactly what <see cref="Parse"/> does.</summary>
    internal const string SchemaPattern = NamePatterns.Duration;
}
