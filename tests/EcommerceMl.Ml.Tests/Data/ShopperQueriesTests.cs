using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Data;

public sealed class ShopperQueriesTests
{
    private static readonly Product Pillow = new("P0001", "Sage Linen Throw Pillow", "Home Decor", 18.99);

    [Fact]
    public void For_ManyShoppers_MeanTheProductsOwnWords_AndTypeThemWithNoise()
    {
        var random = new SeededRandom(3);
        var queries = Enumerable.Range(0, 2_000).Select(_ => ShopperQueries.For(Pillow, random)).ToList();
        string[] own = ["sage", "linen", "throw", "pillow", "home", "decor"];

        Assert.All(queries, q => Assert.All(q.MeantWords, w => Assert.Contains(w, own)));
        Assert.Contains(queries, q => q.Text == "pillow");
        Assert.Contains(queries, q => q.Text.Contains("cushion", StringComparison.Ordinal) || q.Text.Contains("green", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Text == "home decor");
        Assert.Contains(queries, q => q.Text.Split(' ').Any(w => w.Length < 6 && "pillow".StartsWith(w, StringComparison.Ordinal) && w.Length >= 3 && w != "pillow"));
        Assert.All(queries, q => Assert.InRange(q.Text.Split(' ').Length, 1, 5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Typo_IsOneEditAwayAndKeepsTheFirstLetter(int seed)
    {
        var random = new SeededRandom(seed);
        for (var i = 0; i < 200; i++)
        {
            var typo = ShopperQueries.Typo("pillow", random);

            Assert.NotEqual("pillow", typo);
            Assert.Equal('p', typo[0]);
            Assert.Equal(1, EditDistance("pillow", typo) == 2 && IsTransposition("pillow", typo) ? 1 : EditDistance("pillow", typo));
        }
    }

    [Fact]
    public void Words_SplitOnAnythingButLettersDigitsHyphensAndApostrophes()
    {
        Assert.Equal(["kid's", "t-shirt", "no", "2"], ShopperQueries.Words("Kid's T-Shirt (No. 2)"));
    }

    private static bool IsTransposition(string a, string b) =>
        a.Length == b.Length && Enumerable.Range(0, a.Length - 1).Any(i => a[i] == b[i + 1] && a[i + 1] == b[i] && a.Remove(i, 2) == b.Remove(i, 2));

    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
