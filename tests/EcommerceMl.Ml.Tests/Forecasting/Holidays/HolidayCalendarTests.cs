using EcommerceMl.Ml.Forecasting.Holidays;

namespace EcommerceMl.Ml.Tests.Forecasting.Holidays;

public class HolidayCalendarTests
{
    private static readonly DateOnly Game = new(2014, 2, 2);

    [Fact]
    public void EffectsOn_CoversTheEventsWindowWithOneKeyPerOffset()
    {
        var calendar = new HolidayCalendar("test", [new HolidayEvent("final", Game, DaysBefore: 1, DaysAfter: 1)]);

        Assert.Empty(calendar.EffectsOn(Game.AddDays(-2)));
        Assert.Equal(["final@-1"], calendar.EffectsOn(Game.AddDays(-1)));
        Assert.Equal(["final@0"], calendar.EffectsOn(Game));
        Assert.Equal(["final@+1"], calendar.EffectsOn(Game.AddDays(1)));
        Assert.Empty(calendar.EffectsOn(Game.AddDays(2)));
        Assert.False(calendar.IsClosed(Game));
    }

    [Fact]
    public void EventsOfTheSameNameShareTheirKeys_AndOverlappingEventsStack()
    {
        var calendar = new HolidayCalendar("test", [new HolidayEvent("playoff", Game, DaysAfter: 1), new HolidayEvent("superbowl", Game, DaysAfter: 1), new HolidayEvent("playoff", Game.AddDays(-14))]);

        Assert.Equal(["playoff@0", "superbowl@0"], calendar.EffectsOn(Game));
        Assert.Equal(["playoff@0"], calendar.EffectsOn(Game.AddDays(-14)));
    }

    [Fact]
    public void Uk_ClosesOnBankHolidays_NotOnOrdinaryDays()
    {
        var uk = HolidayCalendars.ByName("uk");

        Assert.True(uk.IsClosed(new DateOnly(2011, 4, 22)));
        Assert.True(uk.IsClosed(new DateOnly(2011, 12, 26)));
        Assert.False(uk.IsClosed(new DateOnly(2011, 4, 21)));
    }

    [Fact]
    public void ByName_WhenUnknown_ListsTheAcceptedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => HolidayCalendars.ByName("mars"));

        Assert.Contains("mars", error.Message, StringComparison.Ordinal);
        Assert.Contains("nfl-peyton-manning", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WhenAWindowIsNegative_SaysWhichEvent()
    {
        var error = Assert.Throws<ArgumentException>(() => new HolidayCalendar("bad", [new HolidayEvent("x", Game, DaysBefore: -1)]));

        Assert.Contains("'x' on 2014-02-02", error.Message, StringComparison.Ordinal);
    }
}
