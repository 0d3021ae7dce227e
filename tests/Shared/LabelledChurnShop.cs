using System.Globalization;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Testing;

/// <summary>
/// A telco-style customers-only dataset with its own churn label: monthly contracts, short tenure and
/// high charges churn. Seeded, so every test project that trains a churn model on it trains the same one.
/// </summary>
internal static class LabelledChurnShop
{
    public static ShopData Create(int customers = 600, int seed = 11)
    {
        var random = new Random(seed);
        var observed = new DateTime(2024, 1, 1);
        string[] contracts = ["Month-to-month", "One year", "Two year"];
        var people = new List<Customer>(customers);
        for (var c = 0; c < customers; c++)
        {
            var contract = random.Next(contracts.Length);
            var tenure = random.Next(0, 73);
            var charges = 20 + (random.NextDouble() * 80);
            var score = 2 - (2 * contract) - (0.05 * tenure) + (0.03 * (charges - 60));
            people.Add(new Customer($"t{c:D4}", observed.AddMonths(-tenure), "US", false)
            {
                Churned = random.NextDouble() < 1 / (1 + Math.Exp(-score)),
                Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Contract"] = contracts[contract],
                    ["tenure"] = tenure.ToString(CultureInfo.InvariantCulture),
                    ["MonthlyCharges"] = charges.ToString("0.00", CultureInfo.InvariantCulture),
                },
            });
        }

        return new ShopData("labelled", people, [], [], [], []);
    }
}
