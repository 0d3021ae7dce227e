using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Contracts;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>
/// A forecast scope's daily actuals, summed from shop events as they stream by (pure): per day of <c>occurredAt</c>
/// in the shop's time zone, the purchase lines in scope as the forecast's measure (<c>revenue</c>: quantity × unit
/// price; <c>units</c>: quantity). A day is listed when any event happened on it — the sink was collecting then, so
/// a day without purchases is a real 0 — and absent otherwise, so a chart never draws a zero for a day nobody recorded.
/// </summary>
internal sealed class DailyActuals(string measure, Func<string, bool> productInScope, TimeZoneInfo zone, DateOnly from, DateOnly to)
{
    public const string Revenue = "revenue";
    public const string Units = "units";

    private readonly SortedDictionary<DateOnly, double> _days = [];

    public static bool Supports(string measure) => measure is Revenue or Units;

    public void Add(ShopEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.OccurredAt, zone).DateTime);
        if (day < from || day > to)
        {
            return;
        }

        _days.TryGetValue(day, out var value);
        _days[day] = value + (e.Type == EventSchema.Purchase ? Measure(e) : 0);
    }

    public IReadOnlyList<DailyActual> Days() => [.. _days.Select(d => new DailyActual(d.Key, d.Value))];

    private double Measure(ShopEventRecord purchase)
    {
        if (purchase.Lines is not { } lines)
        {
            // A v1 purchase: one unit of its product, price unknown (it adds to units, not to revenue).
            return measure == Units && purchase.ProductId is { } p && productInScope(p) ? 1 : 0;
        }

        var sum = 0.0;
        foreach (var line in lines)
        {
            if (line.ProductId is { } product && productInScope(product))
            {
                var quantity = line.Quantity ?? 0;
                sum += measure == Units ? quantity : quantity * (double)(line.UnitPrice ?? 0m);
            }
        }

        return sum;
    }
}
