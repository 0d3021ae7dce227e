using System.Collections.Concurrent;

namespace EcommerceMl.Ml.Forecasting.Calendar;

/// <summary>
/// Holidays and non-trading days (pure, thread-safe): fixed dates and ranges, yearly rules (a month
/// and day with an optional weekend substitute, Easter offsets, the n-th weekday of a month) and weekly
/// closed days. Built from a spec string (<see cref="CalendarSpec"/>), which it keeps so a model file
/// can store it and read the same calendar back. Forecasters use it three ways: <see cref="IsClosed"/>
/// days have no demand (forecast 0, left out of a fit), <see cref="IsHoliday"/> days are a feature
/// (lightgbm-demand), and <see cref="EffectsOn"/> names the holiday effects of a day, one per effect
/// name and offset in its rule's window (ETS regressors). A closed day is not also a holiday unless
/// a holiday rule marks it.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly IReadOnlyList<CalendarRule> _rules;
    private readonly ConcurrentDictionary<int, Dictionary<DateOnly, CalendarDayKind[]>> _byYear = new();
    private readonly ConcurrentDictionary<int, Dictionary<DateOnly, string[]>> _effectsByYear = new();

    private HolidayCalendar(string spec, IReadOnlyList<CalendarRule> rules)
    {
        Spec = spec;
        _rules = rules;
    }

    /// <summary>No holidays, open every day.</summary>
    public static HolidayCalendar None { get; } = Parse(CalendarSpec.None);

    /// <summary>The generic default: New Year's Day, Christmas Eve, Christmas, Boxing Day and New Year's Eve as holidays; no closures.</summary>
    public static HolidayCalendar Default { get; } = Parse(CalendarSpec.Default);

    /// <summary>England and Wales bank holidays (with substitute days) as holidays.</summary>
    public static HolidayCalendar UnitedKingdom { get; } = Parse(CalendarSpec.UnitedKingdom);

    /// <summary>The UCI online retailer: closed on UK bank holidays, Easter Sunday, Saturdays, and from 2010-12-24 to 2011-01-03.</summary>
    public static HolidayCalendar OnlineRetail { get; } = Parse(CalendarSpec.OnlineRetail);

    /// <summary>England and Wales bank holidays (with substitute days) as closures: a shop that does not trade on them.</summary>
    public static HolidayCalendar UnitedKingdomClosed { get; } = Parse(CalendarSpec.UnitedKingdomClosed);

    /// <summary>Peyton Manning's playoff games and Super Bowls with the day after (Prophet's example).</summary>
    public static HolidayCalendar NflPeytonManning { get; } = Parse(CalendarSpec.NflPeytonManning);

    /// <summary>The spec this calendar was built from, as given.</summary>
    public string Spec { get; }

    public IReadOnlyList<CalendarRule> Rules => _rules;

    /// <summary>No rule at all: no holidays, open every day.</summary>
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Builds a calendar from a spec (see <see cref="CalendarSpec"/>); throws <see cref="FormatException"/> saying which entry is wrong.</summary>
    public static HolidayCalendar Parse(string spec) => new(spec, CalendarSpec.Parse(spec));

    /// <summary>Reads a spec file: one entry per line, <c>#</c> comments.</summary>
    public static HolidayCalendar Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (FormatException error)
        {
            throw new FormatException($"{path}: {error.Message}", error);
        }
    }

    /// <summary>
    /// The calendar a setting names: the path of an existing spec file, else a spec (a preset name such
    /// as <c>uk</c> is one). Throws <see cref="FormatException"/> listing the presets for an unknown name.
    /// </summary>
    public static HolidayCalendar Resolve(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return File.Exists(value) ? Load(value) : Parse(value);
    }

    /// <summary>The key of effect <paramref name="name"/> at <paramref name="offset"/> days from its day ("playoff@+1").</summary>
    public static string EffectKey(string name, int offset) => $"{name}@{offset:+0;-0;0}";

    /// <summary>
    /// The holiday effects active on <paramref name="date"/>, as <see cref="EffectKey"/>s in rule order,
    /// then offset order (a regression's column order follows it). Weekly holiday rules have none: a
    /// weekly effect is the weekly season's.
    /// </summary>
    public IReadOnlyList<string> EffectsOn(DateOnly date) =>
        date.Year is < 1583 or > 9998 ? [] : _effectsByYear.GetOrAdd(date.Year, EffectsIn).GetValueOrDefault(date) ?? [];

    public bool IsHoliday(DateOnly date) => Has(date, CalendarDayKind.Holiday);

    /// <summary>A non-trading day: the shop sells nothing.</summary>
    public bool IsClosed(DateOnly date) => Has(date, CalendarDayKind.Closed);

    /// <summary>Per day from <paramref name="start"/>, <paramref name="days"/> long: closed or not (for masking a series).</summary>
    public bool[] ClosedMask(DateOnly start, int days) => Mask(start, days, IsClosed);

    /// <summary>Per day from <paramref name="start"/>, <paramref name="days"/> long: holiday or not (a regressor).</summary>
    public bool[] HolidayMask(DateOnly start, int days) => Mask(start, days, IsHoliday);

    /// <summary>Days from <paramref name="date"/> to the next holiday or closure after it, capped at <paramref name="cap"/> (a pre-holiday feature).</summary>
    public int DaysToNextSpecialDay(DateOnly date, int cap)
    {
        for (var d = 1; d < cap; d++)
        {
            var day = date.AddDays(d);
            if (IsHoliday(day) || (IsClosed(day) && !IsWeeklyClosed(day)))
            {
                return d;
            }
        }

        return cap;
    }

    public override string ToString() => Spec;

    private bool IsWeeklyClosed(DateOnly date) => _rules.Any(r => r is WeeklyRule && r.Kind == CalendarDayKind.Closed && r.Matches(date));

    private bool Has(DateOnly date, CalendarDayKind kind)
    {
        foreach (var rule in _rules)
        {
            if (rule.Kind == kind && rule.Matches(date))
            {
                return true;
            }
        }

        // A substitute day for late December can fall in the next year.
        return Marked(date.Year).TryGetValue(date, out var kinds) && kinds.Contains(kind)
            || (Marked(date.Year - 1).TryGetValue(date, out var previous) && previous.Contains(kind));
    }

    private Dictionary<DateOnly, CalendarDayKind[]> Marked(int year) => _byYear.GetOrAdd(year, MarkYear);

    private Dictionary<DateOnly, CalendarDayKind[]> MarkYear(int year)
    {
        var marked = new Dictionary<DateOnly, List<CalendarDayKind>>();
        foreach (var (rule, date, _) in Occurrences(year))
        {
            Add(marked, date, rule.Kind);
        }

        return marked.ToDictionary(m => m.Key, m => m.Value.ToArray());
    }

    /// <summary>The effect keys of the days of <paramref name="year"/>; a window can reach across a new year.</summary>
    private Dictionary<DateOnly, string[]> EffectsIn(int year)
    {
        var effects = new Dictionary<DateOnly, List<string>>();
        var holidays = new[] { year - 1, year, year + 1 }
            .SelectMany(Occurrences)
            .Where(o => o.Rule.Kind == CalendarDayKind.Holiday)
            .OrderBy(o => o.Index);
        foreach (var (rule, date, _) in holidays)
        {
            for (var offset = -rule.DaysBefore; offset <= rule.DaysAfter; offset++)
            {
                var day = date.AddDays(offset);
                if (day.Year == year)
                {
                    Add(effects, day, EffectKey(rule.EffectName, offset));
                }
            }
        }

        return effects.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>
    /// The dated rules of one year. Substitutes (UK style): a substituting date on a weekend moves to the
    /// next weekday not already taken by a yearly date (or an earlier substitute), in date order, so
    /// Christmas on a Saturday gives Monday 27th and Boxing Day on the Sunday gives Tuesday 28th. Fixed
    /// dates and ranges (a shop's Christmas break) do not push a substitute further.
    /// </summary>
    private List<(CalendarRule Rule, DateOnly Date, int Index)> Occurrences(int year)
    {
        var occurrences = new List<(CalendarRule Rule, DateOnly Date, int Index)>();
        var moving = new List<(CalendarRule Rule, DateOnly Date, int Index)>();
        var yearlyDates = new HashSet<DateOnly>();
        if (year is < 1583 or > 9998)
        {
            return occurrences;
        }

        for (var index = 0; index < _rules.Count; index++)
        {
            var rule = _rules[index];
            foreach (var date in rule.DatesIn(year))
            {
                if (rule.Substitutes && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    moving.Add((rule, date, index));
                }
                else
                {
                    occurrences.Add((rule, date, index));
                    if (rule is YearlyDateRule)
                    {
                        yearlyDates.Add(date);
                    }
                }
            }
        }

        foreach (var (rule, date, index) in moving.OrderBy(m => m.Date))
        {
            var substitute = date.AddDays(1);
            while (substitute.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || yearlyDates.Contains(substitute))
            {
                substitute = substitute.AddDays(1);
            }

            occurrences.Add((rule, substitute, index));
            yearlyDates.Add(substitute);
        }

        return occurrences;
    }

    private static void Add<T>(Dictionary<DateOnly, List<T>> marked, DateOnly date, T value)
    {
        if (!marked.TryGetValue(date, out var values))
        {
            marked[date] = values = [];
        }

        if (!values.Contains(value))
        {
            values.Add(value);
        }
    }

    private static bool[] Mask(DateOnly start, int days, Func<DateOnly, bool> test)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var mask = new bool[days];
        for (var i = 0; i < days; i++)
        {
            mask[i] = test(start.AddDays(i));
        }

        return mask;
    }
}
