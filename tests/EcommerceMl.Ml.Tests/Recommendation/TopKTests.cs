using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class TopKTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 7)]
    [InlineData(4, 40)]
    [InlineData(5, 100)]
    public void Select_EqualsFullSortByScoreThenTieBreak(int seed, int k)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, 40).Select(_ => (float)random.Next(0, 6)).ToArray(); // many ties
        var ties = Enumerable.Range(0, 40).OrderBy(_ => random.Next()).ToArray();

        var best = TopK.Select(scores, ties, k);

        var expected = Enumerable.Range(0, 40).OrderByDescending(i => scores[i]).ThenBy(i => ties[i]).Take(k);
        Assert.Equal(expected, best);
    }
}
