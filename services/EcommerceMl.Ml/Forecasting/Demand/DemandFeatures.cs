namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// The demand model's feature row for one product, one forecast origin T (the last observed day) and
/// one step h (pure). Everything comes from the <see cref="Window"/> days up to T, so a row can be
/// built at serving time from the stored tail of the history. Sales features are divided by the
/// product's scale (mean of the last 28 days + 1 unit) and the model predicts units ÷ scale: one
/// model then fits a product selling 2 a day and one selling 2,000 a day, and a product at a record
/// level is not beyond the range the trees saw (they cannot extrapolate in raw units).
/// Day of month and day of year are features only with two years of history
/// (<see cref="CalendarTable.YearlyFeatures"/>): with one year they are a time index, and the trees
/// learn a period's growth from it and carry it into the forecast (online retail: MAE 9,565 with
/// them, 7,211 without). The shop's own momentum (7- vs 28-day mean) is left out for the same reason.
/// </summary>
internal static class DemandFeatures
{
    /// <summary>Days of history a row looks back over (8 weeks).</summary>
    public const int Window = 56;

    public const int Count = 30;

    /// <summary>Values of <see cref="ProductStatics"/>, in order.</summary>
    public const int StaticCount = 4;

    public static readonly IReadOnlyList<string> Names =
    [
        "horizon", "target_day_of_week", "target_day_of_month", "target_day_of_year", "target_is_holiday", "target_days_to_special_day",
        "log_level_28d", "lag_0", "lag_1", "lag_2", "lag_3", "lag_4", "lag_5", "lag_6",
        "seasonal_naive", "same_weekday_mean_4w", "mean_7d", "mean_14d", "mean_30d", "mean_56d",
        "sale_day_share_28d", "days_since_first_sale", "days_since_last_sale", "weekday_share_8w",
        "log_price", "price_vs_category_median", "paid_vs_catalogue_price", "log_category_level",
        "shop_weekday_share_4w", "origin_day_of_week",
    ];

    /// <summary>The divisor of a product's units: its last 28 days' mean plus one unit.</summary>
    public static double Scale(ReadOnlySpan<double> window) => Mean(window, 28) + 1;

    /// <param name="window">The product's last <see cref="Window"/> days of units, the last being the origin T.</param>
    /// <param name="daysOnSale">Days from the product's first sale to T.</param>
    /// <param name="shopWindow">The shop's last <see cref="Window"/> days of units.</param>
    /// <param name="statics">The product's <see cref="StaticCount"/> static values.</param>
    public static void Write(
        Span<float> into,
        ReadOnlySpan<double> window,
        int daysOnSale,
        ReadOnlySpan<double> shopWindow,
        ReadOnlySpan<float> statics,
        DateOnly origin,
        int step,
        CalendarTable calendar)
    {
        var target = origin.AddDays(step);
        var scale = Scale(window);
        var last = window.Length - 1;
        var seasonalLag = 7 * ((step + 6) / 7);
        var targetWeekday = Weekday(target);
        into[0] = step;
        into[1] = targetWeekday;
        into[2] = calendar.YearlyFeatures ? target.Day : 0;
        into[3] = calendar.YearlyFeatures ? target.DayOfYear : 0;
        into[4] = calendar.IsHoliday(target) ? 1 : 0;
        into[5] = calendar.DaysToNextSpecialDay(target);
        into[6] = (float)Math.Log(scale);
        for (var k = 0; k < 7; k++)
        {
            into[7 + k] = (float)(window[last - k] / scale);
        }

        into[14] = (float)(window[last + step - seasonalLag] / scale);
        into[15] = (float)(SameWeekdayMean(window, step, 4) / scale);
        into[16] = (float)(Mean(window, 7) / scale);
        into[17] = (float)(Mean(window, 14) / scale);
        into[18] = (float)(Mean(window, 30) / scale);
        into[19] = (float)(Mean(window, 56) / scale);
        into[20] = SaleDayShare(window, 28);
        into[21] = Math.Min(daysOnSale, 365);
        into[22] = DaysSinceLastSale(window);
        into[23] = (float)WeekdayShare(window, step, 8);
        statics.CopyTo(into[24..(24 + StaticCount)]);
        var shopLevel = Mean(shopWindow, 28);
        into[28] = shopLevel > 0 ? (float)(SameWeekdayMean(shopWindow, step, 4) / shopLevel) : 1;
        into[29] = Weekday(origin);
    }

    /// <summary>Monday 0 … Sunday 6.</summary>
    public static int Weekday(DateOnly date) => ((int)date.DayOfWeek + 6) % 7;

    public static double Mean(ReadOnlySpan<double> window, int days)
    {
        var sum = 0.0;
        for (var i = window.Length - days; i < window.Length; i++)
        {
            sum += window[i];
        }

        return sum / days;
    }

    /// <summary>The mean of the last <paramref name="weeks"/> days that fall on the target's weekday.</summary>
    private static double SameWeekdayMean(ReadOnlySpan<double> window, int step, int weeks)
    {
        var first = window.Length - 1 + step - (7 * ((step + 6) / 7));
        var sum = 0.0;
        for (var w = 0; w < weeks; w++)
        {
            sum += window[first - (7 * w)];
        }

        return sum / weeks;
    }

    /// <summary>Share of the last <paramref name="weeks"/> weeks' units sold on the target's weekday, times 7 (1 = an even week).</summary>
    private static double WeekdayShare(ReadOnlySpan<double> window, int step, int weeks)
    {
        var total = Mean(window, 7 * weeks) * 7 * weeks;
        return total > 0 ? SameWeekdayMean(window, step, weeks) * weeks * 7 / total : 1;
    }

    private static float SaleDayShare(ReadOnlySpan<double> window, int days)
    {
        var count = 0;
        for (var i = window.Length - days; i < window.Length; i++)
        {
            count += window[i] > 0 ? 1 : 0;
        }

        return (float)count / days;
    }

    private static float DaysSinceLastSale(ReadOnlySpan<double> window)
    {
        for (var i = window.Length - 1; i >= 0; i--)
        {
            if (window[i] > 0)
            {
                return window.Length - 1 - i;
            }
        }

        return window.Length;
    }
}
