using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Daily totals of a <see cref="DailyMeasure"/> (revenue by default, or units) by the shop's
/// calendar day per scope, from a shop's purchases (pure):
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
    /// <param name="measure">What each day adds up: revenue (default) or units.</param>
    public static IReadOnlyList<DailySeries> Build(ShopData data, DateOnly? through = null, int minProductSaleDays = MinProductSaleDays, DailyMeasure measure = DailyMeasure.Revenue)
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
            var amount = measure.Of(purchase);
            shop.Add(day, amount);
            if (categoryOf.TryGetValue(purchase.ProductId, out var category))
            {
                Totals(categories, category).Add(day, amount);
            }

            Totals(products, purchase.ProductId).Add(day, amount);
        }

        var series = new List<DailySeries> { shop.ToSeries(ForecastScope.Shop, end) };
        series.AddRange(categories.Select(c => c.Value.ToSeries(ForecastScope.Category(c.Key), end)));
        series.AddRange(products
            .Where(p => p.Value.DaysWithSales >= minProductSaleDays)
            .Select(p => p.Value.ToSeries(ForecastScope.Product(p.Key), end)));
        return series;
    }

    /// <summary>
    /// The shop's daily totals where a day without orders is <em>missing</em> (NaN) rather than 0:
    /// for series whose gaps are unobserved days, not days without sales (Prophet's Peyton Manning
    /// page views). Forecasters skip NaN days; evaluation scores only observed days.
    /// </summary>
    public static DailySeries ShopWithGaps(ShopData data, DailyMeasure measure = DailyMeasure.Revenue)
    {
        ArgumentNullException.ThrowIfNull(data);
        var purchases = data.Purchases;
        if (purchases.Count == 0)
        {
            throw new ArgumentException($"The shop '{data.Name}' has no sales to build a daily series from.", nameof(data));
        }

        var first = DateOnly.FromDateTime(purchases[0].OrderedAt);
        var last = DateOnly.FromDateTime(purchases[^1].OrderedAt);
        var values = new double[last.DayNumber - first.DayNumber + 1];
        Array.Fill(values, double.NaN);
        foreach (var purchase in purchases)
        {
            var i = DateOnly.FromDateTime(purchase.OrderedAt).DayNumber - first.DayNumber;
            values[i] = (double.IsNaN(values[i]) ? 0 : values[i]) + measure.Of(purchase);
        }

        return new DailySeries(ForecastScope.Shop, first, values);
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

        public void Add(DateOnly day, double amount)
        {
            _byDay[day] = _byDay.GetValueOrDefault(day) + amount;
            if (day < _first)
            {
                _first = day;
            }
        }

        public DailySeries ToSeries(string scope, DateOnly end)
        {
            var values = new double[end.DayNumber - _first.DayNumber + 1];
            foreach (var (day, amount) in _byDay)
            {
                values[day.DayNumber - _first.DayNumber] = amount;
            }

            return new DailySeries(scope, _first, values);
        }
    }
}
