using System.Globalization;

namespace EcommerceMl.Ml.Forecasting.Calendar;

/// <summary>
/// Parses a calendar spec (pure). Entries are separated by <c>;</c> or new lines; <c>#</c> starts a
/// comment; case and surrounding spaces do not matter. An entry is a preset or <c>kind:rule</c>:
/// <list type="bullet">
/// <item>presets: <c>none</c>, <c>default</c> (New Year's Day, Christmas Eve, Christmas, Boxing Day,
/// New Year's Eve as holidays), <c>uk</c> (England and Wales bank holidays as holidays),
/// <c>uk-closed</c> (the same as closures), <c>online-retail</c> (<c>uk-closed</c>, Easter Sunday, Saturdays,
/// 2010-12-24..2011-01-03 closed: the UCI online retailer's trading days exactly),
/// <c>nfl-peyton-manning</c> (Prophet's documentation example for the Peyton Manning series: his playoff
/// games and Super Bowls as the holidays <c>playoff</c> and <c>superbowl</c>, each with the day after;
/// future playoff dates are not known a year ahead in reality, so a model with it is reported as its
/// own row);</item>
/// <item>kind: <c>holiday</c> (a special day) or <c>closed</c> (no trading: demand is zero);</item>
/// <item>rule: <c>2011-04-29</c> | <c>2010-12-24..2011-01-03</c> | <c>12-25</c> | <c>12-25/substitute</c>
/// | <c>easter</c>, <c>easter-2</c>, <c>easter+1</c> | <c>first-mon-05</c> (first…fourth, last) | <c>sat</c> (weekly);</item>
/// <item>after a holiday rule, optionally: <c>name=playoff</c> (the effect it shares with other rules of
/// that name; default <c>holiday</c>), <c>before=N</c> and <c>after=N</c> (the days around it with an
/// effect of their own; 0 by default, at most 30 together).</item>
/// </list>
/// Example: <c>uk; closed:sat; closed:2010-12-24..2011-01-03; holiday:2014-02-02 name=superbowl after=1</c>.
/// </summary>
public static class CalendarSpec
{
    public const string None = "none";
    public const string Default = "default";
    public const string UnitedKingdom = "uk";
    public const string UnitedKingdomClosed = "uk-closed";
    public const string OnlineRetail = "online-retail";
    public const string NflPeytonManning = "nfl-peyton-manning";

    /// <summary>Every preset name, in the order error messages list them.</summary>
    public static IReadOnlyList<string> Presets { get; } = [None, Default, UnitedKingdom, UnitedKingdomClosed, OnlineRetail, NflPeytonManning];

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly string[] Ordinals = ["first", "second", "third", "fourth"];

    /// <summary>The rules of <paramref name="spec"/>; throws <see cref="FormatException"/> naming the entry that is wrong and why.</summary>
    public static IReadOnlyList<CalendarRule> Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rules = new List<CalendarRule>();
        var entries = spec.Split(['\n', ';'])
            .Select(e => (e.Contains('#', StringComparison.Ordinal) ? e[..e.IndexOf('#', StringComparison.Ordinal)] : e).Trim().ToLowerInvariant())
            .Where(e => e.Length > 0);
        foreach (var entry in entries)
        {
            rules.AddRange(ParseEntry(entry));
        }

        return rules;
    }

    private static IEnumerable<CalendarRule> ParseEntry(string entry)
    {
        switch (entry)
        {
            case None:
                return [];
            case Default:
                return [.. new[] { "01-01", "12-24", "12-25", "12-26", "12-31" }.Select(d => ParseRule(CalendarDayKind.Holiday, d, entry))];
            case UnitedKingdom:
                return UkBankHolidays(CalendarDayKind.Holiday);
            case UnitedKingdomClosed:
                return UkBankHolidays(CalendarDayKind.Closed);
            case OnlineRetail:
                return [.. UkBankHolidays(CalendarDayKind.Closed), .. ParseEntry("closed:easter"), .. ParseEntry("closed:sat"), .. ParseEntry("closed:2010-12-24..2011-01-03")];
            case NflPeytonManning:
                return Parse(NflPeytonManningSpec());
        }

        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"Calendar entry '{entry}' is neither a preset ({string.Join(", ", Presets)}) nor 'holiday:rule' / 'closed:rule'.");
        }

        var kind = entry[..colon].Trim() switch
        {
            "holiday" => CalendarDayKind.Holiday,
            "closed" => CalendarDayKind.Closed,
            var other => throw new FormatException($"Calendar entry '{entry}': kind '{other}' is unknown; use 'holiday' or 'closed'."),
        };
        // Options are the words with '='; the rest is the rule (spaces inside it, "a .. b", do not matter).
        var words = entry[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rule = string.Concat(words.Where(w => !w.Contains('=', StringComparison.Ordinal)));
        return [WithEffect(ParseRule(kind, rule, entry), [.. words.Where(w => w.Contains('=', StringComparison.Ordinal))], entry)];
    }

    /// <summary>Applies a holiday rule's <c>name=</c>, <c>before=</c> and <c>after=</c> options.</summary>
    private static CalendarRule WithEffect(CalendarRule rule, string[] options, string entry)
    {
        foreach (var option in options)
        {
            if (rule.Kind != CalendarDayKind.Holiday)
            {
                throw new FormatException($"Calendar entry '{entry}': only a holiday rule takes options ('{option}'); a closed day has no effect to name.");
            }

            var at = option.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = (option[..at], option[(at + 1)..]);
            rule = key switch
            {
                "name" when value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') => rule with { EffectName = value },
                "name" => throw new FormatException($"Calendar entry '{entry}': the name '{value}' must be letters, digits and '-'."),
                "before" => rule with { DaysBefore = Integer(value, entry, 0, CalendarRule.MaxWindowDays) },
                "after" => rule with { DaysAfter = Integer(value, entry, 0, CalendarRule.MaxWindowDays) },
                _ => throw new FormatException($"Calendar entry '{entry}': option '{option}' is not understood. Use name=..., before=N or after=N."),
            };
        }

        return rule.DaysBefore + rule.DaysAfter <= CalendarRule.MaxWindowDays
            ? rule
            : throw new FormatException($"Calendar entry '{entry}': the window before + after is at most {CalendarRule.MaxWindowDays} days.");
    }

    private static CalendarRule ParseRule(CalendarDayKind kind, string rule, string entry)
    {
        if (rule.Contains("..", StringComparison.Ordinal))
        {
            var parts = rule.Split("..");
            var (from, to) = (Date(parts[0], entry), Date(parts[^1], entry));
            return parts.Length == 2 && from <= to
                ? new FixedDatesRule(kind, from, to)
                : throw new FormatException($"Calendar entry '{entry}': a range is 'yyyy-MM-dd..yyyy-MM-dd' with the first day not after the last.");
        }

        if (rule.Length == 10 && rule[4] == '-')
        {
            var day = Date(rule, entry);
            return new FixedDatesRule(kind, day, day);
        }

        if (rule.StartsWith("easter", StringComparison.Ordinal))
        {
            var offset = rule.Length == 6 ? 0 : Integer(rule[6..], entry, -100, 100);
            return new EasterRule(kind, offset);
        }

        var weekday = Array.IndexOf(DayNames, rule);
        if (weekday >= 0)
        {
            return new WeeklyRule(kind, (DayOfWeek)weekday);
        }

        var pieces = rule.Split('-');
        if (pieces.Length == 3 && (pieces[0] == "last" || Ordinals.Contains(pieces[0])))
        {
            var n = pieces[0] == "last" ? -1 : Array.IndexOf(Ordinals, pieces[0]) + 1;
            var day = Array.IndexOf(DayNames, pieces[1]);
            if (day < 0)
            {
                throw new FormatException($"Calendar entry '{entry}': '{pieces[1]}' is not a weekday (mon, tue, wed, thu, fri, sat, sun).");
            }

            return new NthWeekdayRule(kind, n, (DayOfWeek)day, Integer(pieces[2], entry, 1, 12));
        }

        var substitute = rule.EndsWith("/substitute", StringComparison.Ordinal);
        var monthDay = substitute ? rule[..^"/substitute".Length] : rule;
        if (monthDay.Length == 5 && monthDay[2] == '-')
        {
            var month = Integer(monthDay[..2], entry, 1, 12);
            var dayOfMonth = Integer(monthDay[3..], entry, 1, DateTime.DaysInMonth(2000, month));
            return new YearlyDateRule(kind, month, dayOfMonth, substitute);
        }

        throw new FormatException(
            $"Calendar entry '{entry}': rule '{rule}' is not understood. Use yyyy-MM-dd, yyyy-MM-dd..yyyy-MM-dd, MM-dd, MM-dd/substitute, easter±N, first-mon-05 (first…fourth, last) or a weekday (sat).");
    }

    /// <summary>England and Wales: New Year, Good Friday, Easter Monday, early May, spring and summer bank holidays, Christmas and Boxing Day with substitutes, and the 2011 royal wedding.</summary>
    private static List<CalendarRule> UkBankHolidays(CalendarDayKind kind) =>
    [
        new YearlyDateRule(kind, 1, 1, Substitute: true),
        new EasterRule(kind, -2),
        new EasterRule(kind, 1),
        new NthWeekdayRule(kind, 1, DayOfWeek.Monday, 5),
        new NthWeekdayRule(kind, -1, DayOfWeek.Monday, 5),
        new NthWeekdayRule(kind, -1, DayOfWeek.Monday, 8),
        new YearlyDateRule(kind, 12, 25, Substitute: true),
        new YearlyDateRule(kind, 12, 26, Substitute: true),
        new FixedDatesRule(kind, new DateOnly(2011, 4, 29), new DateOnly(2011, 4, 29)),
    ];

    /// <summary>Peyton Manning's playoff games and Super Bowls (Prophet's example), each with the day after.</summary>
    private static string NflPeytonManningSpec()
    {
        string[] playoffs =
        [
            "2008-01-13", "2009-01-03", "2010-01-16", "2010-01-24", "2010-02-07", "2011-01-08", "2013-01-12",
            "2014-01-12", "2014-01-19", "2014-02-02", "2015-01-11", "2016-01-17", "2016-01-24", "2016-02-07",
        ];
        string[] superbowls = ["2010-02-07", "2014-02-02", "2016-02-07"];
        return string.Join(';', playoffs.Select(d => $"holiday:{d} name=playoff after=1").Concat(superbowls.Select(d => $"holiday:{d} name=superbowl after=1")));
    }

    private static DateOnly Date(string text, string entry) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"Calendar entry '{entry}': '{text.Trim()}' is not a date (yyyy-MM-dd).");

    private static int Integer(string text, string entry, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"Calendar entry '{entry}': '{text}' must be a whole number from {min} to {max}.");
}
