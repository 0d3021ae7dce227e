using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Tests.Forecasting.Calendar;

public sealed class HolidayCalendarTests
{
    [Theory]
    [InlineData(2010, 4, 4)]
    [InlineData(2011, 4, 24)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    public void EasterSunday_MatchesPublishedDates(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Easter.Sunday(year));

    [Theory]
    [InlineData("2010-12-27")] // Christmas on a Saturday: substitute Monday
    [InlineData("2010-12-28")] // Boxing Day on the Sunday: substitute Tuesday
    [InlineData("2011-01-03")] // New Year's Day on a Saturday
    [InlineData("2011-04-22")] // Good Friday
    [InlineData("2011-04-25")] // Easter Monday
    [InlineData("2011-04-29")] // royal wedding
    [InlineData("2011-05-02")] // early May
    [InlineData("2011-05-30")] // spring
    [InlineData("2011-08-29")] // summer
    [InlineData("2011-12-26")]
    [InlineData("2011-12-27")] // Christmas on a Sunday: substitute Tuesday after Boxing Day
    public void UnitedKingdom_MarksEveryBankHolidayOf2010And2011(string date) =>
        Assert.True(HolidayCalendar.UnitedKingdom.IsHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void UnitedKingdom_HasEightWeekdayBankHolidaysIn2011PlusTheRoyalWedding()
    {
        var year = Enumerable.Range(0, 365).Select(d => new DateOnly(2011, 1, 1).AddDays(d));

        var holidays = year.Where(HolidayCalendar.UnitedKingdom.IsHoliday).ToList();

        Assert.Equal(9, holidays.Count);
        Assert.DoesNotContain(holidays, d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.DoesNotContain(holidays, HolidayCalendar.UnitedKingdom.IsClosed);
    }

    [Fact]
    public void OnlineRetail_ClosesSaturdaysBankHolidaysAndTheChristmasBreak()
    {
        var calendar = HolidayCalendar.OnlineRetail;

        Assert.True(calendar.IsClosed(new DateOnly(2011, 6, 4))); // a Saturday
        Assert.False(calendar.IsClosed(new DateOnly(2011, 6, 5))); // the Sunday after: open
        Assert.True(calendar.IsClosed(new DateOnly(2010, 12, 29)));
        Assert.True(calendar.IsClosed(new DateOnly(2011, 8, 29)));
        Assert.False(calendar.IsClosed(new DateOnly(2011, 1, 4)));
    }

    [Fact]
    public void Parse_CombinesRulesOfEveryKind()
    {
        var calendar = HolidayCalendar.Parse("""
            # a shop in Germany, say
            holiday:10-03            # yearly date
            holiday:easter+50        # Whit Monday
            holiday:last-mon-05; holiday:second-tue-03
            closed:sun
            closed:2026-07-01..2026-07-03
            """);

        Assert.True(calendar.IsHoliday(new DateOnly(2026, 10, 3)));
        Assert.True(calendar.IsHoliday(Easter.Sunday(2026).AddDays(50)));
        Assert.True(calendar.IsHoliday(new DateOnly(2026, 5, 25)));
        Assert.True(calendar.IsHoliday(new DateOnly(2026, 3, 10)));
        Assert.True(calendar.IsClosed(new DateOnly(2026, 11, 22)));
        Assert.True(calendar.IsClosed(new DateOnly(2026, 7, 2)));
        Assert.False(calendar.IsClosed(new DateOnly(2026, 7, 4)));
        Assert.False(calendar.IsHoliday(new DateOnly(2026, 10, 4)));
    }

    [Fact]
    public void Default_MarksChristmasAndNewYearAsHolidaysButClosesNothing()
    {
        var calendar = HolidayCalendar.Default;

        Assert.True(calendar.IsHoliday(new DateOnly(2030, 12, 25)));
        Assert.True(calendar.IsHoliday(new DateOnly(2030, 1, 1)));
        Assert.DoesNotContain(calendar.ClosedMask(new DateOnly(2030, 1, 1), 365), closed => closed);
    }

    [Fact]
    public void DaysToNextSpecialDay_CountsToTheNextHolidayAndIgnoresWeeklyClosures()
    {
        var calendar = HolidayCalendar.OnlineRetail;

        Assert.Equal(4, calendar.DaysToNextSpecialDay(new DateOnly(2011, 8, 25), 14));
        Assert.Equal(14, calendar.DaysToNextSpecialDay(new DateOnly(2011, 6, 1), 14));
    }

    [Theory]
    [InlineData("holiday:13-01", "'13' must be a whole number from 1 to 12")]
    [InlineData("holiday:2011-02-30", "'2011-02-30' is not a date")]
    [InlineData("open:sat", "kind 'open' is unknown")]
    [InlineData("christmas", "is neither a preset")]
    [InlineData("closed:2011-05-02..2011-05-01", "the first day not after the last")]
    [InlineData("holiday:first-fun-05", "'fun' is not a weekday")]
    [InlineData("holiday:easter+x", "'+x' must be a whole number")]
    [InlineData("holiday:2014-02-02 after=31", "'31' must be a whole number from 0 to 30")]
    [InlineData("holiday:2014-02-02 before=20 after=20", "at most 30 days")]
    [InlineData("holiday:2014-02-02 name=", "the name '' must be")]
    [InlineData("holiday:2014-02-02 colour=red", "option 'colour=red' is not understood")]
    [InlineData("closed:2014-02-02 name=strike", "only a holiday rule takes options")]
    public void Parse_WithABadEntry_SaysWhichEntryAndWhy(string spec, string message)
    {
        var error = Assert.Throws<FormatException>(() => HolidayCalendar.Parse(spec));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_RoundTripsThroughParse()
    {
        var spec = "uk; closed:sat";

        var copy = HolidayCalendar.Parse(HolidayCalendar.Parse(spec).Spec);

        var days = Enumerable.Range(0, 800).Select(d => new DateOnly(2010, 1, 1).AddDays(d)).ToList();
        Assert.Equal(days.Select(HolidayCalendar.Parse(spec).IsClosed), days.Select(copy.IsClosed));
        Assert.Equal(days.Select(HolidayCalendar.UnitedKingdom.IsHoliday), days.Select(copy.IsHoliday));
    }
}
