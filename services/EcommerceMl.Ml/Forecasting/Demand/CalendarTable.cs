using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>A calendar's flags for a run of days, looked up once: feature rows read them per target day.</summary>
internal sealed class CalendarTable
{
    public const int SpecialDayCap = 14;

    private readonly DateOnly _from;
    private readonly bool[] _holiday;
    private readonly bool[] _closed;
    private readonly int[] _toNext;

    /// <summary>History needed before day of year and day of month become features (two years: one gives no yearly repeat).</summary>
    public const int YearlyFeatureDays = 730;

    public CalendarTable(HolidayCalendar calendar, DateOnly from, int days, bool yearlyFeatures)
    {
        YearlyFeatures = yearlyFeatures;
        ArgumentNullException.ThrowIfNull(calendar);
        _from = from;
        _holiday = calendar.HolidayMask(from, days);
        _closed = calendar.ClosedMask(from, days);
        _toNext = new int[days];
        for (var i = 0; i < days; i++)
        {
            _toNext[i] = calendar.DaysToNextSpecialDay(from.AddDays(i), SpecialDayCap);
        }
    }

    /// <summary>Whether day of month and day of year are features (else they are written as 0).</summary>
    public bool YearlyFeatures { get; }

    public bool IsHoliday(DateOnly date) => _holiday[Index(date)];

    public bool IsClosed(DateOnly date) => _closed[Index(date)];

    public int DaysToNextSpecialDay(DateOnly date) => _toNext[Index(date)];

    private int Index(DateOnly date)
    {
        var i = date.DayNumber - _from.DayNumber;
        return (uint)i < (uint)_holiday.Length
            ? i
            : throw new ArgumentOutOfRangeException(nameof(date), date, $"The calendar table covers {_from:yyyy-MM-dd} and the {_holiday.Length - 1} days after.");
    }
}
