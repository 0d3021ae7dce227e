using System.Globalization;
using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Tests.Forecasting.Calendar;

/// <summary>Named holiday effects with windows (the ETS regressors) and the presets both forecasters resolve by name.</summary>
public sealed class HolidayEffectsTests
{
    private static readonly DateOnly Game = new(2014, 2, 2);

    [Fact]
    public void EffectsOn_CoversTheRulesWindowWithOneKeyPerOffset()
    {
        var calendar = HolidayCalendar.Parse("holiday:2014-02-02 name=final before=1 after=1");

        Assert.Empty(calendar.EffectsOn(Game.AddDays(-2)));
        Assert.Equal(["final@-1"], calendar.EffectsOn(Game.AddDays(-1)));
        Assert.Equal(["final@0"], calendar.EffectsOn(Game));
        Assert.Equal(["final@+1"], calendar.EffectsOn(Game.AddDays(1)));
        Assert.Empty(calendar.EffectsOn(Game.AddDays(2)));
        Assert.False(calendar.IsClosed(Game));
    }

    [Fact]
    public void RulesOfTheSameNameShareTheirKeys_AndOverlappingRulesStackInRuleOrder()
    {
        var calendar = HolidayCalendar.Parse("holiday:2014-02-02 name=playoff after=1; holiday:2014-02-02 name=superbowl after=1; holiday:2014-01-19 name=playoff");

        Assert.Equal(["playoff@0", "superbowl@0"], calendar.EffectsOn(Game));
        Assert.Equal(["playoff@0"], calendar.EffectsOn(Game.AddDays(-14)));
    }

    [Fact]
    public void EffectsOn_WithoutAName_SharesTheDefaultEffect_AndFollowsSubstituteDays()
    {
        // Christmas 2010 is a Saturday: the UK substitute is Monday 27th, Boxing Day's Tuesday 28th.
        var uk = HolidayCalendar.UnitedKingdom;

        Assert.Equal(["holiday@0"], uk.EffectsOn(new DateOnly(2010, 12, 27)));
        Assert.Equal(["holiday@0"], uk.EffectsOn(new DateOnly(2010, 12, 28)));
        Assert.Empty(uk.EffectsOn(new DateOnly(2010, 12, 25)));
    }

    [Fact]
    public void EffectsOn_AWindowReachesAcrossTheNewYear()
    {
        var calendar = HolidayCalendar.Parse("holiday:12-31 name=eve after=2");

        Assert.Equal(["eve@+1"], calendar.EffectsOn(new DateOnly(2012, 1, 1)));
        Assert.Equal(["eve@+2"], calendar.EffectsOn(new DateOnly(2012, 1, 2)));
    }

    [Fact]
    public void ClosedDays_HaveNoEffect()
    {
        Assert.Empty(HolidayCalendar.OnlineRetail.EffectsOn(new DateOnly(2011, 4, 22)));
        Assert.True(HolidayCalendar.OnlineRetail.IsClosed(new DateOnly(2011, 4, 22)));
    }

    [Fact]
    public void UkClosed_ClosesOnTheBankHolidaysOfTheOnlineRetailYears_AndNotOnOrdinaryDays()
    {
        // gov.uk's England and Wales bank holidays, 2009–2011 (the years of the online retailer's data).
        string[] published =
        [
            "2009-01-01", "2009-04-10", "2009-04-13", "2009-05-04", "2009-05-25", "2009-08-31", "2009-12-25", "2009-12-28",
            "2010-01-01", "2010-04-02", "2010-04-05", "2010-05-03", "2010-05-31", "2010-08-30", "2010-12-27", "2010-12-28",
            "2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30", "2011-08-29", "2011-12-26", "2011-12-27",
        ];
        var days = Enumerable.Range(0, 365 * 3).Select(d => new DateOnly(2009, 1, 1).AddDays(d)).ToList();

        var closed = days.Where(HolidayCalendar.UnitedKingdomClosed.IsClosed).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        Assert.Equal(published, closed);
        Assert.DoesNotContain(days, HolidayCalendar.UnitedKingdomClosed.IsHoliday);
    }

    [Fact]
    public void NflPeytonManning_MarksPlayoffsAndSuperBowlsWithTheDayAfter()
    {
        var nfl = HolidayCalendar.Resolve(CalendarSpec.NflPeytonManning);

        Assert.Equal(["playoff@0", "superbowl@0"], nfl.EffectsOn(Game));
        Assert.Equal(["playoff@+1", "superbowl@+1"], nfl.EffectsOn(Game.AddDays(1)));
        Assert.Equal(["playoff@0"], nfl.EffectsOn(new DateOnly(2014, 1, 12)));
        Assert.False(nfl.IsClosed(Game));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("default")]
    [InlineData("uk")]
    [InlineData("uk-closed")]
    [InlineData("online-retail")]
    [InlineData("nfl-peyton-manning")]
    public void Resolve_KnowsEveryPresetByName(string name)
    {
        Assert.Equal(name, HolidayCalendar.Resolve(name).Spec);
        Assert.Contains(name, CalendarSpec.Presets);
    }

    [Fact]
    public void Resolve_WhenTheNameIsUnknown_ListsThePresets()
    {
        var error = Assert.Throws<FormatException>(() => HolidayCalendar.Resolve("mars"));

        Assert.Contains("'mars'", error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", CalendarSpec.Presets), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_WithAFilePath_LoadsTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"calendar-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "# a shop that closes on Sundays\nclosed:sun\nholiday:2014-02-02 name=superbowl after=1\n");
        try
        {
            var calendar = HolidayCalendar.Resolve(path);

            Assert.True(calendar.IsClosed(new DateOnly(2014, 2, 9)));
            Assert.Equal(["superbowl@+1"], calendar.EffectsOn(Game.AddDays(1)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
