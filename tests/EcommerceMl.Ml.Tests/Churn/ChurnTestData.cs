using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Churn;

/// <summary>Hand-made and seeded synthetic shops for the churn tests.</summary>
internal static class ChurnTestData
{
    public static readonly DateTime Day0 = new(2025, 1, 1);

    /// <summary>
    /// 400 days of a seeded shop. Each customer orders on a day with probability 1/gap (gap 4..30
    /// days); 40% of them stop for good on a day between 100 and 340 — recent inactivity is what
    /// tells churners apart. One order line per order, value 10..60.
    /// </summary>
    public static ShopData SyntheticPopulation(int customers = 400, int seed = 17)
    {
        var random = new Random(seed);
        var people = new List<Customer>();
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        for (var c = 0; c < customers; c++)
        {
            var id = $"c{c:D4}";
            var signup = random.Next(0, 200);
            var gap = random.Next(4, 31);
            var stop = random.NextDouble() < 0.4 ? random.Next(100, 340) : int.MaxValue;
            people.Add(new Customer(id, Day0.AddDays(signup), "GB", random.NextDouble() < 0.3));
            for (var day = signup; day < 400 && day < stop; day++)
            {
                if (random.NextDouble() < 1.0 / gap)
                {
                    var orderId = $"{id}-{day}";
                    orders.Add(new Order(orderId, id, Day0.AddDays(day).AddHours(12)));
                    items.Add(new OrderItem(orderId, "p1", 1 + random.Next(3), 10 + random.Next(41)));
                }
            }
        }

        return new ShopData("synthetic-churn", people, [new Product("p1", "Tea", "drinks", 10)], orders, items, []);
    }

    /// <summary>
    /// The shop with two columns of its own on every customer: <c>plan</c> (basic / plus / rare values)
    /// and <c>spend</c> (a number, blank for some) — neither tied to churn.
    /// </summary>
    public static ShopData WithAttributes(ShopData shop)
    {
        var random = new Random(5);
        string[] plans = ["basic", "basic", "plus", "plus", "family", "student-" + random.Next(1000)];
        var customers = shop.Customers.Select((c, i) => c with
        {
            Attributes = i % 9 == 0
                ? new Dictionary<string, string>(StringComparer.Ordinal) { ["plan"] = plans[random.Next(plans.Length)] }
                : new Dictionary<string, string>(StringComparer.Ordinal) { ["plan"] = plans[random.Next(plans.Length)], ["spend"] = (random.Next(0, 500) / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }).ToList();
        return new ShopData(shop.Name, customers, shop.Products, shop.Orders, shop.OrderItems, shop.Events);
    }

    public static ShopData Shop(IReadOnlyList<Customer> customers, params (string Customer, DateTime At, double Value)[] orders)
    {
        var orderRows = orders.Select((o, i) => new Order($"o{i}", o.Customer, o.At)).ToList();
        var items = orders.Select((o, i) => new OrderItem($"o{i}", "p1", 1, o.Value)).ToList();
        return new ShopData("hand-made", customers, [new Product("p1", "Tea", "drinks", 1)], orderRows, items, []);
    }
}
