using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Daily revenue (Σ quantity × unit price, by the shop's calendar day) per scope, from a shop's
/// purchases (pure):
/// <list type="bullet">
/// <item>the shop, from its first day of sales;</item>
/// <item>each category of the product table, from the category's first sale (lines whose product
/// is not in the product table count for the shop only: they have no category);</item>
/// <item>each product sold on at least <see cref="MinProductSaleDays"/> distinct days — fewer
/// days give too few seasonal differences for an honest interval, and such products are better
/// served by their category's forecast.</item>
/// </list>
/// Every series runs to the same last day, the shop's last day of sales (or <c>through</c>), so all
/// forecasts start on the same date and a product that stopped selling is forecast at zero.
/// Days in between without sales are zeros (the online retailer's closed Saturdays are real zeros).
/// </summary>
public static class DailySeriesBuilder
{
    public const int MinProductSaleDays = 14;

    /// <summary>The series, shop first, then categories and products in ordinal order.</summary>
    /// <param name="through">Last calendar day to include; later sales are ignored. Defaults to the last day with sales.</param>
    public static IReadOnlyList<DailySeries> Build(ShopData data, DateOnly? through = null, int minProductSaleDays = MinProductSaleDays)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(minProductSaleDays, 1);
        var purchases = data.Purchases;
        var end = through ?? (purchases.Count == 0 ? default : DateOnly.FromDateTime(purchases[^1].OrderedAt));
        var inRange = purchases.Where(p => DateOnly.FromDateTime(p.OrderedAt) <= end).ToList();
        if (inRange.Count == 0)
        {
            throw new ArgumentException($"The shop '{data.Name}' has no sales to build a daily series from.", nameof(data));
        }

        var categoryOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var product in data.Products)
        {
            categoryOf[product.ProductId] = product.Category;
        }

        var shop = new DailyTotals();
        var categories = new SortedDictionary<string, DailyTotals>(StringComparer.Ordinal);
        var products = new SortedDictionary<string, DailyTotals>(StringComparer.Ordinal);
        foreach (var purchase in inRange)
        {
            var day = DateOnly.FromDateTime(purchase.OrderedAt);
            shop.Add(day, purchase.Revenue);
            if (categoryOf.TryGetValue(purchase.ProductId, out var category))
            {
                Totals(categories, category).Add(day, purchase.Revenue);
            }

            Totals(products, purchase.ProductId).Add(day, purchase.Revenue);
        }

        var series = new List<DailySeries> { shop.ToSeries(ForecastScope.Shop, end) };
        series.AddRange(categories.Select(c => c.Value.ToSeries(ForecastScope.Category(c.Key), end)));
        series.AddRange(products
            .Where(p => p.Value.DaysWithSales >= minProductSaleDays)
            .Select(p => p.Value.ToSeries(ForecastScope.Product(p.Key), end)));
        return series;
    }

    private static DailyTotals Totals(SortedDictionary<string, DailyTotals> byKey, string key)
    {
        if (!byKey.TryGetValue(key, out var totals))
        {
            totals = new DailyTotals();
            byKey[key] = totals;
        }

        return totals;
    }

    private sealed class DailyTotals
    {
        private readonly Dictionary<DateOnly, double> _byDay = [];
        private DateOnly _first = DateOnly.MaxValue;

        public int DaysWithSales => _byDay.Count;

        public void Add(DateOnly day, double revenue)
        {
            _byDay[day] = _byDay.GetValueOrDefault(day) + revenue;
            if (day < _first)
            {
                _first = day;
            }
        }

        public DailySeries ToSeries(string scope, DateOnly end)
        {
            var values = new double[end.DayNumber - _first.DayNumber + 1];
            foreach (var (day, revenue) in _byDay)
            {
                values[day.DayNumber - _first.DayNumber] = revenue;
            }

            return new DailySeries(scope, _first, values);
        }
    }
}
