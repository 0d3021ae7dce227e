using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class AlsPartitionsTests
{
    [Fact]
    public void Balanced_CoversEveryRowOnceInOrder()
    {
        int[] offsets = [0, 3, 3, 10, 11, 20, 21, 22];

        var bounds = AlsPartitions.Balanced(offsets, rowCost: 1, parts: 3);

        Assert.Equal(0, bounds[0]);
        Assert.Equal(offsets.Length - 1, bounds[^1]);
        Assert.True(bounds.Zip(bounds.Skip(1)).All(pair => pair.First < pair.Second), string.Join(",", bounds));
        Assert.InRange(bounds.Length - 1, 1, 3);
    }

    [Fact]
    public void Balanced_WeighsRowsByTheirInteractions()
    {
        // A heavy row (1,000 interactions) and 100 light ones (10 each), every row costing 1 more: the
        // heavy row and the next 5 (1,056) weigh about as much as the other 95 (1,045).
        var counts = new[] { 1000 }.Concat(Enumerable.Repeat(10, 100)).ToArray();
        var offsets = new int[counts.Length + 1];
        for (var t = 0; t < counts.Length; t++)
        {
            offsets[t + 1] = offsets[t] + counts[t];
        }

        var bounds = AlsPartitions.Balanced(offsets, rowCost: 1, parts: 2);

        Assert.Equal([0, 6, counts.Length], bounds);
    }

    [Fact]
    public void Balanced_OfNoRows_IsOneEmptyRange() =>
        Assert.Equal([0, 0], AlsPartitions.Balanced([0], rowCost: 4, parts: 8));
}
