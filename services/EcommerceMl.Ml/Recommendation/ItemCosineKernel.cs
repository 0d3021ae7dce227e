namespace EcommerceMl.Ml.Recommendation;

/// <param name="Neighbors">Neighbours kept per product (top-N by score).</param>
/// <param name="Shrinkage">Added to the cosine denominator: damps pairs of rarely bought products.</param>
/// <param name="MinCoBuyers">Pairs bought together by fewer customers are dropped.</param>
public sealed record ItemCosineOptions(int Neighbors = 50, double Shrinkage = 0, int MinCoBuyers = 1);

/// <summary>
/// Item-item cosine on the binary customer × product matrix, as the seed pipeline computed it:
/// co_buyers(i, j) = customers who bought both, score = co_buyers / (sqrt(n_i · n_j) + shrinkage).
/// </summary>
/// <remarks>
/// Sparse: co-occurrences are counted from each buyer's item list, so the cost is the number of
/// co-purchased pairs, not products². Pruned while accumulating: each product's row is counted,
/// scored and cut to its top <c>Neighbors</c> at once, in parallel over products, with one dense
/// count array per thread — memory is the kept neighbours plus O(products) per thread, never the
/// list of all pairs (which on ml-100k is nearly every one of its 1.4M product pairs). Each pair is
/// thereby counted from both ends; the score is a symmetric expression of symmetric counts, so
/// score(i, j) and score(j, i) are still the same float, and a row never holds a product twice.
/// </remarks>
public static class ItemCosineKernel
{
    public static ItemNeighbours Fit(
        int productCount, int[] customerOffsets, int[] customerItems, ItemCosineOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(customerOffsets);
        ArgumentNullException.ThrowIfNull(customerItems);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Neighbors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinCoBuyers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Shrinkage);

        var (buyerOffsets, buyers) = Transpose(productCount, customerOffsets, customerItems);
        var rows = new Row[productCount];
        var done = 0;
        var reportEvery = Math.Max(1, productCount / 20);
        Parallel.For(
            0,
            productCount,
            () => new Scratch(productCount),
            (i, _, scratch) =>
            {
                rows[i] = PrunedRow(i, customerOffsets, customerItems, buyerOffsets, buyers, options, scratch);
                var finished = Interlocked.Increment(ref done);
                if (progress is not null && finished % reportEvery == 0)
                {
                    progress.Report(0.9 * finished / productCount);
                }

                return scratch;
            },
            static _ => { });

        var neighbours = Assemble(productCount, rows);
        progress?.Report(1.0);
        return neighbours;
    }

    /// <summary>Product <paramref name="i"/>'s best neighbours, best first (equal scores by product index).</summary>
    private static Row PrunedRow(
        int i, int[] customerOffsets, int[] customerItems, int[] buyerOffsets, int[] buyers, ItemCosineOptions options, Scratch scratch)
    {
        var (counts, touched) = (scratch.Counts, scratch.Touched);
        for (var b = buyerOffsets[i]; b < buyerOffsets[i + 1]; b++)
        {
            var u = buyers[b];
            foreach (var j in customerItems.AsSpan(customerOffsets[u], customerOffsets[u + 1] - customerOffsets[u]))
            {
                if (j != i && counts[j]++ == 0)
                {
                    touched.Add(j);
                }
            }
        }

        var buyersOfI = buyerOffsets[i + 1] - buyerOffsets[i];
        var n = 0;
        foreach (var j in touched)
        {
            var co = counts[j];
            counts[j] = 0;
            if (co < options.MinCoBuyers)
            {
                continue;
            }

            var buyersOfJ = buyerOffsets[j + 1] - buyerOffsets[j];
            scratch.Candidate[n] = j;
            scratch.CoBuyers[n] = co;
            scratch.Score[n] = (float)(co / (Math.Sqrt((double)buyersOfI * buyersOfJ) + options.Shrinkage));
            n++;
        }

        touched.Clear();
        var best = TopK.Select(scratch.Score.AsSpan(0, n), scratch.Candidate.AsSpan(0, n), options.Neighbors);
        var row = new Row(new int[best.Length], new float[best.Length], new int[best.Length]);
        for (var r = 0; r < best.Length; r++)
        {
            row.Neighbour[r] = scratch.Candidate[best[r]];
            row.Score[r] = scratch.Score[best[r]];
            row.CoBuyers[r] = scratch.CoBuyers[best[r]];
        }

        return row;
    }

    private static ItemNeighbours Assemble(int productCount, Row[] rows)
    {
        var offsets = new int[productCount + 1];
        for (var i = 0; i < productCount; i++)
        {
            offsets[i + 1] = offsets[i] + rows[i].Neighbour.Length;
        }

        var neighbour = new int[offsets[productCount]];
        var scores = new float[neighbour.Length];
        var coBuyers = new int[neighbour.Length];
        for (var i = 0; i < productCount; i++)
        {
            rows[i].Neighbour.CopyTo(neighbour, offsets[i]);
            rows[i].Score.CopyTo(scores, offsets[i]);
            rows[i].CoBuyers.CopyTo(coBuyers, offsets[i]);
        }

        return new ItemNeighbours(offsets, neighbour, scores, coBuyers);
    }

    private static (int[] Offsets, int[] Buyers) Transpose(int productCount, int[] customerOffsets, int[] customerItems)
    {
        var offsets = new int[productCount + 1];
        foreach (var item in customerItems)
        {
            offsets[item + 1]++;
        }

        for (var i = 0; i < productCount; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var buyers = new int[customerItems.Length];
        for (var u = 0; u + 1 < customerOffsets.Length; u++)
        {
            for (var p = customerOffsets[u]; p < customerOffsets[u + 1]; p++)
            {
                buyers[next[customerItems[p]]++] = u;
            }
        }

        return (offsets, buyers);
    }

    private sealed record Row(int[] Neighbour, float[] Score, int[] CoBuyers);

    /// <summary>One thread's working arrays, sized to the catalogue once; counts are zeroed back after each row.</summary>
    private sealed class Scratch(int productCount)
    {
        public int[] Counts { get; } = new int[productCount];

        public List<int> Touched { get; } = [];

        public int[] Candidate { get; } = new int[productCount];

        public float[] Score { get; } = new float[productCount];

        public int[] CoBuyers { get; } = new int[productCount];
    }
}
