using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Forecasting;

public class DailySeriesBuilderTests
{
    private static readonly DateTime Day0 = new(2026, 3, 2, 9, 0, 0);

    private static ShopData Shop()
    {
        // Tea sells on 14 days (every day 0..13 except 5, plus day 15); cake only on days 0 and 2.
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        var teaDays = Enumerable.Range(0, 14).Where(d => d != 5).Append(15).ToList();
        foreach (var day in teaDays)
        {
            orders.Add(new Order($"t{day}", "c1", Day0.AddDays(day)));
            items.Add(new OrderItem($"t{day}", "tea", 2, 1.5));
        }

        orders.Add(new Order("k0", "c2", Day0.AddHours(5)));
        items.Add(new OrderItem("k0", "cake", 1, 4.0));
        items.Add(new OrderItem("k0", "tea", 1, 1.5));
        orders.Add(new Order("k2", "c2", Day0.AddDays(2)));
        items.Add(new OrderItem("k2", "cake", 3, 4.0));
        items.Add(new OrderItem("k2", "mystery", 1, 10.0));
        return new ShopData("hand-made", [],
            [new Product("tea", "Tea", "drinks", 1.5), new Product("cake", "Cake", "bakery", 4.0)], orders, items, []);
    }

    private static DailySeries Scope(IReadOnlyList<DailySeries> all, string scope) => all.Single(s => s.Scope == scope);

    [Fact]
    public void Build_WhenADayHasNoSales_FillsItWithZero()
    {
        var shop = Scope(DailySeriesBuilder.Build(Shop()), ForecastScope.Shop);

        Assert.Equal(DateOnly.FromDateTime(Day0), shop.Start);
        Assert.Equal(16, shop.Length);
        Assert.Equal(0, shop.Values[5]);
        Assert.Equal(0, shop.Values[14]);
    }

    [Fact]
    public void Build_SumsQuantityTimesUnitPricePerDayForShopAndCategories()
    {
        var all = DailySeriesBuilder.Build(Shop());

        // Day 0: tea 2×1.5 + cake 1×4 + tea 1×1.5 = 8.5; day 2: tea 3 + cake 12 + mystery 10 = 25.
        Assert.Equal(8.5, Scope(all, ForecastScope.Shop).Values[0]);
        Assert.Equal(25, Scope(all, ForecastScope.Shop).Values[2]);
        Assert.Equal(4.5, Scope(all, ForecastScope.Category("drinks")).Values[0]);
        Assert.Equal(12, Scope(all, ForecastScope.Category("bakery")).Values[2]);
    }

    [Fact]
    public void Build_KeepsOnlyProductsSoldOnEnoughDays()
    {
        var scopes = DailySeriesBuilder.Build(Shop()).Select(s => s.Scope).ToList();

        Assert.Equal(
            [ForecastScope.Shop, ForecastScope.Category("bakery"), ForecastScope.Category("drinks"), ForecastScope.Product("tea")],
            scopes);
    }

    [Fact]
    public void Build_RunsEverySeriesToTheShopsLastDay()
    {
        var all = DailySeriesBuilder.Build(Shop());

        var lastDay = DateOnly.FromDateTime(Day0.AddDays(15));
        Assert.All(all, s => Assert.Equal(lastDay, s.End));
        var bakery = Scope(all, ForecastScope.Category("bakery"));
        Assert.Equal(0, bakery.Values[^1]);
    }

    [Fact]
    public void Build_Through_IgnoresLaterSalesAndZeroFillsToThatDay()
    {
        var through = DateOnly.FromDateTime(Day0.AddDays(20));

        var shop = DailySeriesBuilder.Build(Shop(), through)[0];

        Assert.Equal(through, shop.End);
        Assert.Equal(21, shop.Length);
        Assert.Equal(0, shop.Values[^1]);
    }

    [Fact]
    public void Build_WhenShopHasNoSales_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => DailySeriesBuilder.Build(new ShopData("empty", [], [], [], [], [])));

        Assert.Contains("no sales", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithTheUnitsMeasure_SumsQuantities()
    {
        var all = DailySeriesBuilder.Build(Shop(), measure: DailyMeasure.Units);

        // Day 0: tea 2 + cake 1 + tea 1; day 2: tea 2 + cake 3 + mystery 1.
        var shop = Scope(all, ForecastScope.Shop);
        Assert.Equal(4, shop.Values[0]);
        Assert.Equal(6, shop.Values[2]);
        Assert.Equal(4, Scope(all, ForecastScope.Category("bakery")).Values[2] + Scope(all, ForecastScope.Category("bakery")).Values[0]);
        Assert.Equal("units", DailyMeasure.Units.Name());
    }

    [Fact]
    public void ShopWithGaps_LeavesDaysWithoutOrdersMissing()
    {
        var shop = DailySeriesBuilder.ShopWithGaps(Shop());

        Assert.Equal(16, shop.Length);
        Assert.True(double.IsNaN(shop.Values[5]));
        Assert.True(double.IsNaN(shop.Values[14]));
        Assert.Equal((2 * 1.5) + 4 + 1.5, shop.Values[0], 12);
    }
}
