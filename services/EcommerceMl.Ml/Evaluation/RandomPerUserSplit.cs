using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// The Microsoft Recommenders ml-100k protocol: each customer's distinct products are shuffled
/// with a fixed seed and the first round(share × n) train, the rest are held out (numpy-style
/// rounding, half to even, as that benchmark's stratified split). A product is on one side only,
/// per customer: every order line of a (customer, product) pair goes where the pair goes, so a
/// held-out product is never in that customer's training data.
/// </summary>
public static class RandomPerUserSplit
{
    public static RecommendationSplit Split(ShopData data, double trainShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(trainShare is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainShare), trainShare, "The training share must be strictly between 0 and 1.");
        }

        // Distinct products per customer in order of first purchase: deterministic input to the shuffle.
        var productsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var purchase in data.Purchases)
        {
            if (seen.Add((purchase.CustomerId, purchase.ProductId)))
            {
                if (!productsOf.TryGetValue(purchase.CustomerId, out var list))
                {
                    productsOf[purchase.CustomerId] = list = [];
                }

                list.Add(purchase.ProductId);
            }
        }

        // One generator for the whole split, customers visited in id order: same seed, same split.
        var random = new Random(seed);
        var heldOut = new HashSet<(string, string)>();
        var test = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var customer in productsOf.Keys.Order(StringComparer.Ordinal))
        {
            var products = productsOf[customer].ToArray();
            random.Shuffle(products);
            var trainCount = (int)Math.Round(trainShare * products.Length, MidpointRounding.ToEven);
            if (trainCount == 0 || trainCount == products.Length)
            {
                continue; // all on one side: nothing to learn from, or nothing to test
            }

            var held = new HashSet<string>(StringComparer.Ordinal);
            for (var i = trainCount; i < products.Length; i++)
            {
                held.Add(products[i]);
                heldOut.Add((customer, products[i]));
            }

            test[customer] = held;
        }

        var orders = data.Orders.ToDictionary(o => o.OrderId, o => o.CustomerId, StringComparer.Ordinal);
        var trainItems = data.OrderItems
            .Where(i => orders.TryGetValue(i.OrderId, out var customer) && !heldOut.Contains((customer, i.ProductId)))
            .ToList();
        var trainOrderIds = trainItems.Select(i => i.OrderId).ToHashSet(StringComparer.Ordinal);
        var train = new ShopData(data.Name, data.Customers, data.Products, [.. data.Orders.Where(o => trainOrderIds.Contains(o.OrderId))], trainItems, []);
        return new RecommendationSplit(train, test);
    }
}
