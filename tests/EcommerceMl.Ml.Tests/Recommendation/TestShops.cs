using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Recommendation;

/// <summary>Small shops for recommendation tests: one order per (customer, day).</summary>
internal static class TestShops
{
    public static readonly DateTime Start = new(2026, 1, 1);

    public static ShopData Build(IEnumerable<(string Customer, string Product, int Day)> purchases, IEnumerable<(string Product, string Category)> products)
    {
        var catalogue = products.Select(p => new Product(p.Product, $"Name of {p.Product}", p.Category, 10)).ToList();
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        foreach (var group in purchases.GroupBy(p => (p.Customer, p.Day)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Customer, StringComparer.Ordinal))
        {
            var orderId = $"o-{group.Key.Customer}-{group.Key.Day}";
            orders.Add(new Order(orderId, group.Key.Customer, Start.AddDays(group.Key.Day).AddHours(12)));
            items.AddRange(group.Select(p => new OrderItem(orderId, p.Product, 1, 10)));
        }

        var customers = orders.Select(o => o.CustomerId).Distinct().Select(c => new Customer(c, Start, "NL", false)).ToList();
        return new ShopData("test-shop", customers, catalogue, orders, items, []);
    }

    /// <summary>Customers buying at random from <paramref name="productCount"/> products (about <paramref name="density"/> of them each).</summary>
    public static ShopData Random(int seed, int customerCount, int productCount, double density)
    {
        var random = new Random(seed);
        var purchases = new List<(string, string, int)>();
        for (var c = 0; c < customerCount; c++)
        {
            for (var p = 0; p < productCount; p++)
            {
                if (random.NextDouble() < density)
                {
                    purchases.Add(($"c{c}", $"p{p}", random.Next(0, 30)));
                }
            }
        }

        return Build(purchases, Enumerable.Range(0, productCount).Select(p => ($"p{p}", p % 2 == 0 ? "even" : "odd")));
    }

    /// <summary>
    /// Two clusters of products, each customer buying only from theirs: the first 60 days train, the
    /// last 14 each customer buys two more products of their cluster. Popularity inside a cluster is
    /// skewed, and cluster "b" is a little more popular overall, so popularity keeps recommending "b"
    /// products to "a" customers while co-purchases point at the right cluster.
    /// </summary>
    public static ShopData TwoClusters(int seed, int customersPerCluster = 60)
    {
        var random = new Random(seed);
        var purchases = new List<(string, string, int)>();
        var products = new List<(string, string)>();
        foreach (var cluster in new[] { "a", "b" })
        {
            products.AddRange(Enumerable.Range(0, 10).Select(i => ($"{cluster}{i}", cluster)));
        }

        foreach (var cluster in new[] { "a", "b" })
        {
            var customers = cluster == "b" ? customersPerCluster + (customersPerCluster / 3) : customersPerCluster;
            for (var c = 0; c < customers; c++)
            {
                var customer = $"{cluster}-customer{c}";
                var picks = PickDistinct(random, 6);
                for (var i = 0; i < picks.Count; i++)
                {
                    var day = i < 4 ? random.Next(0, 60) : random.Next(61, 74);
                    purchases.Add((customer, $"{cluster}{picks[i]}", day));
                }
            }
        }

        return Build(purchases, products);
    }

    // Weighted without replacement: product i has weight 1 / (i + 1).
    private static List<int> PickDistinct(Random random, int count)
    {
        var left = Enumerable.Range(0, 10).ToList();
        var picks = new List<int>();
        while (picks.Count < count)
        {
            var total = left.Sum(i => 1.0 / (i + 1));
            var target = random.NextDouble() * total;
            var chosen = left[^1];
            foreach (var i in left)
            {
                target -= 1.0 / (i + 1);
                if (target <= 0)
                {
                    chosen = i;
                    break;
                }
            }

            picks.Add(chosen);
            left.Remove(chosen);
        }

        return picks;
    }
}
