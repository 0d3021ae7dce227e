using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// The deterministic part of a series that exponential smoothing does not own: a yearly Fourier
/// pattern and one effect per holiday key ("playoff@+1") of a <see cref="HolidayCalendar"/>. Day t
/// is <see cref="Start"/> + t; the yearly phase counts from the series' first day.
/// </summary>
public sealed class CalendarEffects
{
    public CalendarEffects(DateOnly start, YearlyFourier? yearly, HolidayCalendar calendar, IReadOnlyDictionary<string, double> holidayEffects)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(holidayEffects);
        Start = start;
        Yearly = yearly;
        Calendar = calendar;
        HolidayEffects = holidayEffects;
    }

    public DateOnly Start { get; }

    public YearlyFourier? Yearly { get; }

    public HolidayCalendar Calendar { get; }

    /// <summary>Fitted effect per holiday key; keys never observed in training have none (0).</summary>
    public IReadOnlyDictionary<string, double> HolidayEffects { get; }

    public static CalendarEffects None(DateOnly start) => new(start, null, HolidayCalendar.None, new Dictionary<string, double>(StringComparer.Ordinal));

    /// <summary>The effect on day <paramref name="t"/>.</summary>
    public double At(int t)
    {
        var value = Yearly?.At(t) ?? 0;
        foreach (var key in Calendar.EffectsOn(Start.AddDays(t)))
        {
            value += HolidayEffects.TryGetValue(key, out var effect) ? effect : 0;
        }

        return value;
    }

    /// <summary>True when the calendar says the shop is closed on day <paramref name="t"/>.</summary>
    public bool IsClosed(int t) => Calendar.IsClosed(Start.AddDays(t));
}
