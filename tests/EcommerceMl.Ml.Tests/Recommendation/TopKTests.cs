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

    [Theory]
    [InlineData(6, 1)]
    [InlineData(7, 10)]
    [InlineData(8, 60)]
    public void Heap_FedInPiecesWithOnlyTheCandidatesAtOrAboveItsThreshold_EqualsSelect(int seed, int k)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, 200).Select(_ => random.Next(0, 12) switch
        {
            0 => float.NegativeInfinity, // a bought product
            1 => float.NaN,
            var v => (float)v,
        }).ToArray();
        var ties = Enumerable.Range(0, 200).OrderBy(_ => random.Next()).ToArray();

        var heap = new TopKHeap(k);
        for (var first = 0; first < scores.Length; first += 37)
        {
            for (var i = first; i < Math.Min(first + 37, scores.Length); i++)
            {
                if (!(scores[i] < heap.Threshold))
                {
                    heap.Offer(i, scores[i], ties[i]);
                }
            }
        }

        var ranked = heap.RankedBestFirst();

        Assert.Equal(TopK.Select(scores, ties, k), ranked.Select(r => r.Position));
        Assert.Equal(ranked.Select(r => scores[r.Position]), ranked.Select(r => r.Score));
    }

    [Fact]
    public void Heap_OfZero_KeepsNothing()
    {
        var heap = new TopKHeap(0);
        heap.Offer(0, 1, 0);

        Assert.Empty(heap.BestFirst());
    }
}
