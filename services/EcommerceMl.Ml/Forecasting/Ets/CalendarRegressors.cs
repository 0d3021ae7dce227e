using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// The regressor columns over days 0..n−1 of a series starting at a date (pure): yearly Fourier
/// terms sin(2πkt/365.25), cos(2πkt/365.25) for k = 1..order, then one 0/1 column per holiday key
/// that falls on at least one observed day (a key never seen in training cannot be estimated).
/// </summary>
public sealed class CalendarRegressors
{
    private CalendarRegressors(int fourierOrder, IReadOnlyList<string> holidayKeys, double[][] columns)
    {
        FourierOrder = fourierOrder;
        HolidayKeys = holidayKeys;
        Columns = columns;
    }

    public int FourierOrder { get; }

    public IReadOnlyList<string> HolidayKeys { get; }

    /// <summary>Column j's value on day t is Columns[j][t]: 2·order Fourier columns, then the holiday keys.</summary>
    public IReadOnlyList<double[]> Columns { get; }

    public int Count => Columns.Count;

    public static CalendarRegressors Build(ReadOnlySpan<double> observed, DateOnly start, int fourierOrder, HolidayCalendar calendar)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fourierOrder);
        ArgumentNullException.ThrowIfNull(calendar);
        var n = observed.Length;
        var columns = new List<double[]>();
        for (var k = 1; k <= fourierOrder; k++)
        {
            var sin = new double[n];
            var cos = new double[n];
            for (var t = 0; t < n; t++)
            {
                var angle = 2 * Math.PI * k * t / YearlyFourier.YearDays;
                sin[t] = Math.Sin(angle);
                cos[t] = Math.Cos(angle);
            }

            columns.Add(sin);
            columns.Add(cos);
        }

        var keys = new List<string>();
        var byKey = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var t = 0; t < n; t++)
        {
            if (double.IsNaN(observed[t]))
            {
                continue;
            }

            foreach (var key in calendar.EffectsOn(start.AddDays(t)))
            {
                if (!byKey.TryGetValue(key, out var column))
                {
                    byKey[key] = column = new double[n];
                    keys.Add(key);
                }

                column[t] = 1;
            }
        }

        // Occurrences on unobserved days still mark the column (the effect exists there), but only
        // keys with an observed day get a column at all.
        foreach (var key in keys)
        {
            for (var t = 0; t < n; t++)
            {
                if (calendar.EffectsOn(start.AddDays(t)).Contains(key, StringComparer.Ordinal))
                {
                    byKey[key][t] = 1;
                }
            }

            columns.Add(byKey[key]);
        }

        return new CalendarRegressors(fourierOrder, keys, [.. columns]);
    }

    /// <summary>The effects for coefficients <paramref name="beta"/> (in column order).</summary>
    public CalendarEffects Effects(DateOnly start, HolidayCalendar calendar, IReadOnlyList<double> beta)
    {
        ArgumentNullException.ThrowIfNull(beta);
        YearlyFourier? yearly = null;
        if (FourierOrder > 0)
        {
            var sin = new double[FourierOrder];
            var cos = new double[FourierOrder];
            for (var k = 0; k < FourierOrder; k++)
            {
                sin[k] = beta[2 * k];
                cos[k] = beta[(2 * k) + 1];
            }

            yearly = new YearlyFourier(sin, cos);
        }

        var holidays = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var j = 0; j < HolidayKeys.Count; j++)
        {
            holidays[HolidayKeys[j]] = beta[(2 * FourierOrder) + j];
        }

        return new CalendarEffects(start, yearly, calendar, holidays);
    }
}
