namespace EcommerceMl.Ml.Forecasting.Holidays;

/// <summary>
/// The calendars the project ships, by name (the <c>calendar</c> hyperparameter):
/// <list type="bullet">
/// <item><c>none</c>: no events.</item>
/// <item><c>uk</c>: England and Wales bank holidays 2009–2013 (gov.uk), closed, as at the online
/// retailer whose data shows no sale on any of them.</item>
/// <item><c>nfl-peyton-manning</c>: Prophet's documentation example for the Peyton Manning series:
/// his playoff games and Super Bowls, each with the day after (window 0..+1). Future playoff dates
/// are not known a year ahead in reality; the example (and this calendar) uses them as Prophet's
/// docs do, so a model with this calendar is reported as its own row next to the one without.</item>
/// </list>
/// </summary>
public static class HolidayCalendars
{
    public const string NoneName = "none";
    public const string UkName = "uk";
    public const string NflPeytonManningName = "nfl-peyton-manning";

    public static IReadOnlyList<string> Names { get; } = [NoneName, UkName, NflPeytonManningName];

    public static HolidayCalendar None { get; } = new(NoneName, []);

    public static HolidayCalendar Uk { get; } = new(UkName, UkBankHolidays());

    public static HolidayCalendar NflPeytonManning { get; } = new(NflPeytonManningName, NflEvents());

    /// <summary>The calendar called <paramref name="name"/>; a clear error for an unknown name.</summary>
    public static HolidayCalendar ByName(string name) => name switch
    {
        NoneName => None,
        UkName => Uk,
        NflPeytonManningName => NflPeytonManning,
        _ => throw new ArgumentException($"Unknown holiday calendar '{name}'. Accepted: {string.Join(", ", Names)}.", nameof(name)),
    };

    private static IEnumerable<HolidayEvent> UkBankHolidays()
    {
        string[] dates =
        [
            "2009-01-01", "2009-04-10", "2009-04-13", "2009-05-04", "2009-05-25", "2009-08-31", "2009-12-25", "2009-12-28",
            "2010-01-01", "2010-04-02", "2010-04-05", "2010-05-03", "2010-05-31", "2010-08-30", "2010-12-27", "2010-12-28",
            "2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30", "2011-08-29", "2011-12-26", "2011-12-27",
            "2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05", "2012-08-27", "2012-12-25", "2012-12-26",
            "2013-01-01", "2013-03-29", "2013-04-01", "2013-05-06", "2013-05-27", "2013-08-26", "2013-12-25", "2013-12-26",
        ];
        return dates.Select(d => new HolidayEvent("bank-holiday", DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture), Closed: true));
    }

    private static IEnumerable<HolidayEvent> NflEvents()
    {
        string[] playoffs =
        [
            "2008-01-13", "2009-01-03", "2010-01-16", "2010-01-24", "2010-02-07", "2011-01-08", "2013-01-12",
            "2014-01-12", "2014-01-19", "2014-02-02", "2015-01-11", "2016-01-17", "2016-01-24", "2016-02-07",
        ];
        string[] superbowls = ["2010-02-07", "2014-02-02", "2016-02-07"];
        return playoffs.Select(d => new HolidayEvent("playoff", Parse(d), DaysAfter: 1))
            .Concat(superbowls.Select(d => new HolidayEvent("superbowl", Parse(d), DaysAfter: 1)));
    }

    private static DateOnly Parse(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
}
