using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Forecasting.Demand;

/// <summary>
/// A seeded shop whose products sell Poisson units around a level × a strong weekly pattern: the truth
/// is known, so a model's error and its intervals' coverage can be checked against it.
/// </summary>
internal static class DemandTestShop
{
    public static readonly DateOnly Start = new(2025, 1, 6); // a Monday

    /// <summary>Monday first; Saturday and Sunday sell little.</summary>
    public static readonly double[] Weekly = [1.0, 1.3, 1.2, 1.1, 1.6, 0.3, 0.2];

    public static ShopData Create(int products = 40, int days = 260, int seed = 7)
    {
        var random = new Random(seed);
        var catalogue = new List<Product>();
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        for (var p = 0; p < products; p++)
        {
            var id = $"p{p:000}";
            var level = 2 + (30.0 / (1 + p)); // a long tail: p000 sells ~32 a day, p039 ~3
            catalogue.Add(new Product(id, $"Product {p}", $"cat{p % 4}", 5 + (p % 7)));
            for (var d = 0; d < days; d++)
            {
                var units = Poisson(random, level * Weekly[d % 7]);
                if (units > 0)
                {
                    var orderId = $"o{p}-{d}";
                    orders.Add(new Order(orderId, $"c{d % 50}", Start.AddDays(d).ToDateTime(new TimeOnly(10, 0))));
                    items.Add(new OrderItem(orderId, id, units, 5 + (p % 7)));
                }
            }
        }

        return new ShopData("demand-test", [], catalogue, orders, items, []);
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }

        return k;
    }
}
