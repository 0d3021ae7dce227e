using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class AlsSimdTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (var vectors in new[] { 1, 4, 8, 13 }) // every block size of the weighted sum, and all three together
        {
            foreach (var count in new[] { 0, 1, 3, 4, 7 }) // dot products four rows at a time, and the rest
            {
                data.Add(vectors * AlsSimd.Width, count);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddWeightedRows_AddsTheWeightedRowsToTheResult(int stride, int count)
    {
        var random = new Random(stride + count);
        var rows = Values(random, 10 * stride);
        var indices = Enumerable.Range(0, count).Select(_ => random.Next(10)).ToArray();
        var weights = Values(random, count);
        var result = Values(random, stride);
        var expected = new double[stride];
        for (var c = 0; c < stride; c++)
        {
            expected[c] = result[c];
            for (var j = 0; j < count; j++)
            {
                expected[c] += weights[j] * (double)rows[(indices[j] * stride) + c];
            }
        }

        AlsSimd.AddWeightedRows(rows, indices, weights, result, stride);

        Assert.All(Enumerable.Range(0, stride), c => Assert.Equal(expected[c], result[c], 1e-4));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AffineOfDots_GivesConstantPlusSlopeTimesEachDotProduct(int stride, int count)
    {
        var random = new Random(stride * count);
        var rows = Values(random, 10 * stride);
        var indices = Enumerable.Range(0, count).Select(_ => random.Next(10)).ToArray();
        var v = Values(random, stride);
        var weights = new float[count];

        AlsSimd.AffineOfDots(rows, indices, v, 5, -4, weights, stride);

        for (var j = 0; j < count; j++)
        {
            var dot = Enumerable.Range(0, stride).Sum(c => rows[(indices[j] * stride) + c] * (double)v[c]);
            Assert.Equal(5 - (4 * dot), weights[j], 1e-4);
        }
    }

    [Fact]
    public void DotAndMultiplyAdd_MatchTheScalarSums()
    {
        var random = new Random(3);
        var stride = 3 * AlsSimd.Width; // an odd number of vectors: the dot product's two accumulators and one more
        var a = Values(random, stride);
        var b = Values(random, stride);
        var destination = new float[stride];

        var dot = AlsSimd.Dot(a, b);
        AlsSimd.MultiplyAdd(a, 2, b, destination);

        Assert.Equal(a.Zip(b, (x, y) => x * (double)y).Sum(), dot, 1e-4);
        Assert.Equal(a.Zip(b, (x, y) => (2 * x) + y), destination);
    }

    [Fact]
    public void AddWeightedRows_WithAnIndexOutsideTheRows_Throws()
    {
        var stride = AlsSimd.Width;
        var rows = new float[3 * stride];

        Assert.Throws<ArgumentOutOfRangeException>(() => AlsSimd.AddWeightedRows(rows, [1, 3], [1, 1], new float[stride], stride));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlsSimd.AffineOfDots(rows, [-1], new float[stride], 0, 1, new float[1], stride));
    }

    [Fact]
    public void Stride_RoundsUpToWholeVectors()
    {
        Assert.Equal(AlsSimd.Width, AlsSimd.Stride(1));
        Assert.Equal(64, AlsSimd.Stride(64));
        Assert.Equal(0, AlsSimd.Stride(65) % AlsSimd.Width);
        Assert.InRange(AlsSimd.Stride(65), 65, 64 + AlsSimd.Width);
    }

    private static float[] Values(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1))];
}
