using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class ItemCosineKernelTests
{
    /// <summary>The obviously-correct dense version: every pair, every customer, in double.</summary>
    private static (double Score, int CoBuyers)[,] DenseOracle(bool[,] bought, double shrinkage)
    {
        var customers = bought.GetLength(0);
        var products = bought.GetLength(1);
        var buyers = new int[products];
        for (var i = 0; i < products; i++)
        {
            for (var u = 0; u < customers; u++)
            {
                buyers[i] += bought[u, i] ? 1 : 0;
            }
        }

        var result = new (double, int)[products, products];
        for (var i = 0; i < products; i++)
        {
            for (var j = 0; j < products; j++)
            {
                var co = 0;
                for (var u = 0; u < customers; u++)
                {
                    co += bought[u, i] && bought[u, j] ? 1 : 0;
                }

                result[i, j] = (co == 0 ? 0 : co / (Math.Sqrt((double)buyers[i] * buyers[j]) + shrinkage), co);
            }
        }

        return result;
    }

    private static (bool[,] Dense, int[] Offsets, int[] Items) RandomMatrix(int seed, int customers, int products, double density)
    {
        var random = new Random(seed);
        var dense = new bool[customers, products];
        var offsets = new int[customers + 1];
        var items = new List<int>();
        for (var u = 0; u < customers; u++)
        {
            for (var i = 0; i < products; i++)
            {
                if (random.NextDouble() < density)
                {
                    dense[u, i] = true;
                    items.Add(i);
                }
            }

            offsets[u + 1] = items.Count;
        }

        return (dense, offsets, [.. items]);
    }

    [Theory]
    [InlineData(1, 0.0, 1)]
    [InlineData(2, 2.5, 1)]
    [InlineData(3, 0.0, 3)]
    public void Fit_WithoutPruning_MatchesDenseOracle(int seed, double shrinkage, int minCoBuyers)
    {
        const int Products = 14;
        var (dense, offsets, items) = RandomMatrix(seed, customers: 40, Products, density: 0.3);
        var oracle = DenseOracle(dense, shrinkage);

        var neighbours = ItemCosineKernel.Fit(Products, offsets, items, new ItemCosineOptions(Neighbors: 1000, shrinkage, minCoBuyers));

        for (var i = 0; i < Products; i++)
        {
            var expected = Enumerable.Range(0, Products).Where(j => j != i && oracle[i, j].CoBuyers >= minCoBuyers).ToHashSet();
            var row = Enumerable.Range(neighbours.Start(i), neighbours.Count(i)).ToList();
            Assert.Equal(expected.Order(), row.Select(n => neighbours.Neighbour[n]).Order());
            foreach (var n in row)
            {
                var j = neighbours.Neighbour[n];
                Assert.Equal(oracle[i, j].CoBuyers, neighbours.CoBuyers[n]);
                Assert.Equal(oracle[i, j].Score, neighbours.Score[n], 1e-6);
            }
        }
    }

    [Fact]
    public void Fit_WithPruning_KeepsEachProductsBestNeighboursBestFirst()
    {
        const int Products = 16;
        const int Keep = 4;
        var (dense, offsets, items) = RandomMatrix(seed: 7, customers: 50, Products, density: 0.25);
        var oracle = DenseOracle(dense, shrinkage: 1);

        var neighbours = ItemCosineKernel.Fit(Products, offsets, items, new ItemCosineOptions(Keep, Shrinkage: 1, MinCoBuyers: 1));

        for (var i = 0; i < Products; i++)
        {
            var expectedTop = Enumerable.Range(0, Products)
                .Where(j => j != i && oracle[i, j].CoBuyers > 0)
                .Select(j => oracle[i, j].Score)
                .OrderDescending().Take(Keep).ToList();
            var kept = Enumerable.Range(neighbours.Start(i), neighbours.Count(i)).Select(n => (double)neighbours.Score[n]).ToList();
            Assert.Equal(expectedTop.Count, kept.Count);
            Assert.Equal(kept.OrderDescending(), kept);
            for (var r = 0; r < kept.Count; r++)
            {
                Assert.Equal(expectedTop[r], kept[r], 1e-6);
            }
        }
    }

    [Fact]
    public void Fit_ScoresEachPairOnceSoBothDirectionsAgreeExactly()
    {
        const int Products = 20;
        var (_, offsets, items) = RandomMatrix(seed: 11, customers: 60, Products, density: 0.2);

        var neighbours = ItemCosineKernel.Fit(Products, offsets, items, new ItemCosineOptions(Neighbors: 1000));

        var scores = new Dictionary<(int, int), float>();
        for (var i = 0; i < Products; i++)
        {
            for (var n = neighbours.Start(i); n < neighbours.Start(i) + neighbours.Count(i); n++)
            {
                Assert.NotEqual(i, neighbours.Neighbour[n]);
                Assert.True(scores.TryAdd((i, neighbours.Neighbour[n]), neighbours.Score[n]), $"pair ({i}, {neighbours.Neighbour[n]}) listed twice");
            }
        }

        Assert.NotEmpty(scores);
        Assert.All(scores, pair => Assert.Equal(pair.Value, scores[(pair.Key.Item2, pair.Key.Item1)]));
    }

    [Fact]
    public void Fit_WhenOptionsAreOutOfRange_Refuses()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemCosineKernel.Fit(1, [0, 1], [0], new ItemCosineOptions(Neighbors: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemCosineKernel.Fit(1, [0, 1], [0], new ItemCosineOptions(Shrinkage: -1)));
    }
}
