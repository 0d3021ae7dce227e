namespace EcommerceMl.Ml.Forecasting.Calendar;

/// <summary>What a calendar rule marks: a holiday (a special day, trading may go on) or a closure (no trading).</summary>
public enum CalendarDayKind
{
    Holiday,
    Closed,
}

/// <summary>
/// One rule of a <see cref="HolidayCalendar"/>: the days it marks in a given year (pure).
/// Weekly rules are answered per date (<see cref="Matches"/>) rather than listed per year.
/// A holiday rule also names its effect and the window around each marked day (Prophet's
/// lower/upper window): regression forecasters (ETS) learn one effect per name and offset, so
/// "the day after a playoff game" is learnt once from every past playoff.
/// </summary>
public abstract record CalendarRule(CalendarDayKind Kind)
{
    /// <summary>The effect name of a holiday rule without one: every such day shares one effect.</summary>
    public const string DefaultEffectName = "holiday";

    /// <summary>The largest window (days before + days after) a rule may span.</summary>
    public const int MaxWindowDays = 30;

    public string EffectName { get; init; } = DefaultEffectName;

    public int DaysBefore { get; init; }

    public int DaysAfter { get; init; }

    /// <summary>The dates this rule marks in <paramref name="year"/> (empty for weekly rules).</summary>
    public abstract IEnumerable<DateOnly> DatesIn(int year);

    /// <summary>True when the rule marks <paramref name="date"/> on its own (weekly rules); yearly rules answer through <see cref="DatesIn"/>.</summary>
    public virtual bool Matches(DateOnly date) => false;

    /// <summary>Moved to the next weekday that is not already marked when it falls on a weekend (UK "substitute day").</summary>
    public virtual bool Substitutes => false;
}

/// <summary>A fixed date or an inclusive range of dates (<c>2011-04-29</c>, <c>2010-12-24..2011-01-03</c>).</summary>
public sealed record FixedDatesRule(CalendarDayKind Kind, DateOnly From, DateOnly To) : CalendarRule(Kind)
{
    public override IEnumerable<DateOnly> DatesIn(int year)
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            if (day.Year == year)
            {
                yield return day;
            }
        }
    }
}

/// <summary>The same month and day every year (<c>12-25</c>); with <paramref name="Substitute"/>, a weekend date moves to the next free weekday (<c>12-25/substitute</c>).</summary>
public sealed record YearlyDateRule(CalendarDayKind Kind, int Month, int Day, bool Substitute) : CalendarRule(Kind)
{
    public override bool Substitutes => Substitute;

    public override IEnumerable<DateOnly> DatesIn(int year)
    {
        if (Day <= DateTime.DaysInMonth(year, Month))
        {
            yield return new DateOnly(year, Month, Day);
        }
    }
}

/// <summary>Days relative to Easter Sunday (<c>easter-2</c>: Good Friday, <c>easter+1</c>: Easter Monday).</summary>
public sealed record EasterRule(CalendarDayKind Kind, int OffsetDays) : CalendarRule(Kind)
{
    public override IEnumerable<DateOnly> DatesIn(int year)
    {
        var day = Easter.Sunday(year).AddDays(OffsetDays);
        if (day.Year == year)
        {
            yield return day;
        }
    }
}

/// <summary>The n-th (1–4) or last (n = −1) given weekday of a month (<c>first-mon-05</c>, <c>last-mon-08</c>).</summary>
public sealed record NthWeekdayRule(CalendarDayKind Kind, int N, DayOfWeek Weekday, int Month) : CalendarRule(Kind)
{
    public override IEnumerable<DateOnly> DatesIn(int year)
    {
        if (N > 0)
        {
            var first = new DateOnly(year, Month, 1);
            var offset = ((int)Weekday - (int)first.DayOfWeek + 7) % 7;
            yield return first.AddDays(offset + (7 * (N - 1)));
        }
        else
        {
            var last = new DateOnly(year, Month, DateTime.DaysInMonth(year, Month));
            var back = ((int)last.DayOfWeek - (int)Weekday + 7) % 7;
            yield return last.AddDays(-back);
        }
    }
}

/// <summary>Every week on one weekday (<c>sat</c>: the online retailer's closed Saturdays).</summary>
public sealed record WeeklyRule(CalendarDayKind Kind, DayOfWeek Weekday) : CalendarRule(Kind)
{
    public override IEnumerable<DateOnly> DatesIn(int year) => [];

    public override bool Matches(DateOnly date) => date.DayOfWeek == Weekday;
}
