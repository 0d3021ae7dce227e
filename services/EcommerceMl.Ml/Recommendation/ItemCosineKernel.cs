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
/// co-purchased pairs, not products². Each unordered pair {i, j} is counted and scored once (from
/// the smaller index, over the buyers' items above it), then handed to both products' candidate
/// lists, so score(i, j) and score(j, i) are the same float and no pair appears twice in a list.
/// Both passes run in parallel over products.
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
        var pairs = CountPairs(productCount, customerOffsets, customerItems, buyerOffsets, buyers, options, progress);
        var neighbours = KeepTopNeighbours(productCount, pairs, options.Neighbors);
        progress?.Report(1.0);
        return neighbours;
    }

    /// <summary>Pairs {i, j}, j &gt; i, with enough co-buyers, stored under i.</summary>
    private static UpperPairs[] CountPairs(
        int productCount, int[] customerOffsets, int[] customerItems, int[] buyerOffsets, int[] buyers,
        ItemCosineOptions options, IProgress<double>? progress)
    {
        var pairs = new UpperPairs[productCount];
        var done = 0;
        var reportEvery = Math.Max(1, productCount / 20);
        Parallel.For(
            0,
            productCount,
            () => (Counts: new int[productCount], Touched: new List<int>()),
            (i, _, scratch) =>
            {
                var (counts, touched) = scratch;
                for (var b = buyerOffsets[i]; b < buyerOffsets[i + 1]; b++)
                {
                    var u = buyers[b];
                    var items = customerItems.AsSpan(customerOffsets[u], customerOffsets[u + 1] - customerOffsets[u]);
                    for (var p = items.BinarySearch(i) + 1; p < items.Length; p++)
                    {
                        var j = items[p];
                        if (counts[j]++ == 0)
                        {
                            touched.Add(j);
                        }
                    }
                }

                pairs[i] = Score(i, counts, touched, buyerOffsets, options);
                foreach (var j in touched)
                {
                    counts[j] = 0;
                }

                touched.Clear();
                var finished = Interlocked.Increment(ref done);
                if (progress is not null && finished % reportEvery == 0)
                {
                    progress.Report(0.8 * finished / productCount);
                }

                return scratch;
            },
            static _ => { });
        return pairs;
    }

    private static UpperPairs Score(int i, int[] counts, List<int> touched, int[] buyerOffsets, ItemCosineOptions options)
    {
        var buyersOfI = buyerOffsets[i + 1] - buyerOffsets[i];
        var kept = touched.Count(j => counts[j] >= options.MinCoBuyers);
        var result = new UpperPairs(new int[kept], new int[kept], new float[kept]);
        var n = 0;
        foreach (var j in touched)
        {
            var co = counts[j];
            if (co < options.MinCoBuyers)
            {
                continue;
            }

            var buyersOfJ = buyerOffsets[j + 1] - buyerOffsets[j];
            result.Other[n] = j;
            result.CoBuyers[n] = co;
            result.Score[n] = (float)(co / (Math.Sqrt((double)buyersOfI * buyersOfJ) + options.Shrinkage));
            n++;
        }

        return result;
    }

    /// <summary>Hands each pair to both products and keeps each product's best <paramref name="neighbors"/>.</summary>
    private static ItemNeighbours KeepTopNeighbours(int productCount, UpperPairs[] pairs, int neighbors)
    {
        // Incoming pairs (j, i) with j < i, gathered per i so each row sees all its candidates.
        var incomingCount = new int[productCount + 1];
        foreach (var upper in pairs)
        {
            foreach (var j in upper.Other)
            {
                incomingCount[j + 1]++;
            }
        }

        for (var i = 0; i < productCount; i++)
        {
            incomingCount[i + 1] += incomingCount[i];
        }

        var incomingFrom = new int[incomingCount[productCount]];
        var incomingAt = new int[incomingFrom.Length];
        var next = incomingCount[..^1];
        for (var i = 0; i < productCount; i++)
        {
            for (var p = 0; p < pairs[i].Other.Length; p++)
            {
                var slot = next[pairs[i].Other[p]]++;
                incomingFrom[slot] = i;
                incomingAt[slot] = p;
            }
        }

        var rows = new (int[] Neighbour, float[] Score, int[] CoBuyers)[productCount];
        Parallel.For(0, productCount, i =>
        {
            var own = pairs[i];
            var total = own.Other.Length + incomingCount[i + 1] - incomingCount[i];
            var candidate = new int[total];
            var score = new float[total];
            var co = new int[total];
            own.Other.CopyTo(candidate, 0);
            own.Score.CopyTo(score, 0);
            own.CoBuyers.CopyTo(co, 0);
            var n = own.Other.Length;
            for (var s = incomingCount[i]; s < incomingCount[i + 1]; s++, n++)
            {
                var from = pairs[incomingFrom[s]];
                candidate[n] = incomingFrom[s];
                score[n] = from.Score[incomingAt[s]];
                co[n] = from.CoBuyers[incomingAt[s]];
            }

            var best = TopK.Select(score, candidate, neighbors);
            var keptNeighbour = new int[best.Length];
            var keptScore = new float[best.Length];
            var keptCo = new int[best.Length];
            for (var r = 0; r < best.Length; r++)
            {
                keptNeighbour[r] = candidate[best[r]];
                keptScore[r] = score[best[r]];
                keptCo[r] = co[best[r]];
            }

            rows[i] = (keptNeighbour, keptScore, keptCo);
        });

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

    private sealed record UpperPairs(int[] Other, int[] CoBuyers, float[] Score);
}
