using System.Globalization;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// What a forecast model's monitor compares, measured the same way on the training days (the
/// reference) and on a live window: per day the shop's total in the model's measure and its number
/// of orders (few rows: a 30-day window judges them only with a small minimum sample); per order its
/// value, basket size and weekday (the weekday mix, categorical, over a week or more). The outputs: the model's daily
/// forecasts over the days compared (at training, the held-out days from the fit that never saw them).
/// </summary>
public static class ForecastReferenceFeatures
{
    public const string DailyOrders = "daily_orders";
    public const string OrderValue = "order_value";
    public const string ItemsPerOrder = "items_per_order";
    public const string OrderWeekday = "order_weekday";
    public const string ForecastValue = "forecast_value";

    /// <summary>The weekday mix is compared only over at least a week of days.</summary>
    public const int WeekdayMixDays = 7;

    /// <summary>The daily total's feature name: <c>daily_revenue</c> or <c>daily_units</c>.</summary>
    public static string DailyTotal(DailyMeasure measure) => "daily_" + measure.Name();

    /// <param name="first">First calendar day compared.</param>
    /// <param name="last">Last calendar day compared (inclusive); days without orders count as 0.</param>
    /// <param name="forecasts">The model's daily forecasts over those days, when it has some.</param>
    public static MonitoredSample Observe(ShopData data, DateOnly first, DateOnly last, DailyMeasure measure, double[]? forecasts)
    {
        ArgumentNullException.ThrowIfNull(data);
        var days = Math.Max(0, last.DayNumber - first.DayNumber + 1);
        var totals = new double[days];
        var orders = new double[days];
        var lines = new Dictionary<string, (int Lines, double Value, DayOfWeek Weekday)>(StringComparer.Ordinal);
        foreach (var purchase in data.Purchases)
        {
            var day = DateOnly.FromDateTime(purchase.OrderedAt).DayNumber - first.DayNumber;
            if (day < 0 || day >= days)
            {
                continue;
            }

            totals[day] += measure.Of(purchase);
            if (!lines.TryGetValue(purchase.OrderId, out var order))
            {
                orders[day]++;
                order = (0, 0, purchase.OrderedAt.DayOfWeek);
            }

            lines[purchase.OrderId] = (order.Lines + 1, order.Value + purchase.Revenue, order.Weekday);
        }

        var inputs = new Dictionary<string, FeatureValues>(StringComparer.Ordinal)
        {
            [DailyTotal(measure)] = FeatureValues.Numeric(totals),
            [DailyOrders] = FeatureValues.Numeric(orders),
            [OrderValue] = FeatureValues.Numeric([.. lines.Values.Select(o => o.Value)]),
            [ItemsPerOrder] = FeatureValues.Numeric([.. lines.Values.Select(o => (double)o.Lines)]),
        };
        if (days >= WeekdayMixDays)
        {
            // Shorter windows hold some weekdays only, so their mix differs from any reference's by construction.
            inputs[OrderWeekday] = FeatureValues.Categorical([.. lines.Values.Select(o => o.Weekday.ToString().ToLower(CultureInfo.InvariantCulture))]);
        }

        return new MonitoredSample(inputs, ForecastValue, forecasts is null ? null : FeatureValues.Numeric(forecasts));
    }
}
