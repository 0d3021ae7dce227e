using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Tests.Recommendation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class RandomPerUserSplitTests
{
    [Fact]
    public void Split_NeverLeavesAHeldOutProductInThatCustomersTraining()
    {
        // Repeat purchases of the same product on several days: every line of a held-out pair must go.
        var shop = TestShops.Random(seed: 3, customerCount: 40, productCount: 30, density: 0.4);
        var doubled = TestShops.Build(
            shop.Purchases.Select(p => (p.CustomerId, p.ProductId, (p.OrderedAt - TestShops.Start).Days))
                .Concat(shop.Purchases.Select(p => (p.CustomerId, p.ProductId, 40 + (p.OrderedAt - TestShops.Start).Days))),
            shop.Products.Select(p => (p.ProductId, p.Category)));

        var split = RandomPerUserSplit.Split(doubled, 0.75, seed: 7);

        Assert.NotEmpty(split.Test);
        var trained = split.Train.Purchases.Select(p => (p.CustomerId, p.ProductId)).ToHashSet();
        foreach (var (customer, products) in split.Test)
        {
            Assert.All(products, product => Assert.DoesNotContain((customer, product), trained));
        }
    }

    [Fact]
    public void Split_KeepsRoundedThreeQuartersOfEachCustomersProductsForTraining()
    {
        var shop = TestShops.Random(seed: 5, customerCount: 30, productCount: 40, density: 0.3);

        var split = RandomPerUserSplit.Split(shop, 0.75, seed: 1);

        var all = shop.Purchases.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.Select(p => p.ProductId).ToHashSet());
        var train = split.Train.Purchases.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.Select(p => p.ProductId).ToHashSet());
        foreach (var (customer, products) in split.Test)
        {
            var expectedTrain = (int)Math.Round(0.75 * all[customer].Count, MidpointRounding.ToEven);
            Assert.Equal(expectedTrain, train[customer].Count);
            Assert.Equal(all[customer].Count - expectedTrain, products.Count);
            Assert.True(all[customer].SetEquals(train[customer].Union(products)));
        }
    }

    [Fact]
    public void Split_WithTheSameSeed_IsTheSame_AndAnotherSeedDiffers()
    {
        var shop = TestShops.Random(seed: 9, customerCount: 30, productCount: 30, density: 0.3);

        var first = RandomPerUserSplit.Split(shop, 0.75, seed: 42);
        var again = RandomPerUserSplit.Split(shop, 0.75, seed: 42);
        var other = RandomPerUserSplit.Split(shop, 0.75, seed: 43);

        Assert.Equal(Flatten(first), Flatten(again));
        Assert.NotEqual(Flatten(first), Flatten(other));
    }

    [Fact]
    public void Split_WhenTheShareIsNotAProperFraction_Refuses()
    {
        var shop = TestShops.Random(seed: 1, customerCount: 5, productCount: 5, density: 0.5);

        Assert.Throws<ArgumentOutOfRangeException>(() => RandomPerUserSplit.Split(shop, 1.0, seed: 1));
    }

    private static List<string> Flatten(RecommendationSplit split) =>
        [.. split.Test.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Order(StringComparer.Ordinal).Select(p => $"{e.Key}/{p}"))];
}
