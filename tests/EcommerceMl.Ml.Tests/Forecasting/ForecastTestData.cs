using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>Small hand-made series and shops for the forecasting tests.</summary>
internal static class ForecastTestData
{
    public static readonly DateOnly Start = new(2026, 1, 5); // a Monday

    public static readonly double[] WeeklyPattern = [100, 120, 130, 110, 150, 200, 50];

    public static DailySeries Weekly(int days, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[days];
        for (var i = 0; i < days; i++)
        {
            values[i] = WeeklyPattern[i % 7] + (noise == 0 ? 0 : noise * Gaussian(random));
        }

        return new DailySeries(ForecastScope.Shop, Start, values);
    }

    /// <summary>A shop whose only product sells <paramref name="dailyRevenue"/>[i] on day i (one order of quantity 1 per selling day).</summary>
    public static ShopData ShopFromDailyRevenue(double[] dailyRevenue)
    {
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        for (var i = 0; i < dailyRevenue.Length; i++)
        {
            if (dailyRevenue[i] != 0)
            {
                var id = $"o{i}";
                orders.Add(new Order(id, $"c{i % 3}", Start.AddDays(i).ToDateTime(new TimeOnly(11, 30))));
                items.Add(new OrderItem(id, "p1", 1, dailyRevenue[i]));
            }
        }

        return new ShopData("test", [], [new Product("p1", "Tea", "drinks", 1)], orders, items, []);
    }

    public static double Gaussian(Random random)
    {
        // Box–Muller: two uniforms give one standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
