using System.Numerics;
using System.Runtime.InteropServices;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Recommend-all for ALS (<see cref="AlsRecommender.RecommendMany"/>): a block of customers scored
/// against every product as one matrix product, a tile of products at a time, each customer's top-k
/// fed from the tile's scores as they come (<see cref="TopKHeap"/>). Scoring one customer at a time
/// reads every item factor from memory per customer (25.6 MB at 100k products × 64 factors), so it is
/// bound by memory; a block reads each tile once for <see cref="BlockCustomers"/> customers while the
/// tile sits in cache, and never holds a whole row of scores.
/// <para>
/// Each score is the same fused multiply-adds in the same order as <see cref="AlsSimd.AffineOfDots"/>
/// (one vector accumulator per customer × product pair, summed once at the end), so the answers equal
/// <see cref="AlsRecommender.Recommend"/>'s bit for bit — scores, order and ties.
/// </para>
/// </summary>
internal static class AlsBlockRanking
{
    /// <summary>Customers per block: their factors (16 KB at 64 factors) stay in L1 while a tile streams past.</summary>
    public const int BlockCustomers = 64;

    /// <summary>Products per tile: 64 KB of factors at 64 factors, and a block's scores of the tile another 64 KB, both in L2.</summary>
    public const int TileProducts = 256;

    /// <summary>
    /// Top-<paramref name="k"/> of every product for each of <paramref name="customers"/> (indices the model
    /// knows), bought products removed, equal scores by popularity. <paramref name="users"/> holds
    /// <paramref name="factors"/> floats per customer; <paramref name="items"/> one row of
    /// <paramref name="stride"/> floats (zero-padded) per product.
    /// </summary>
    public static IReadOnlyList<ScoredProduct>[] TopK(RecommenderCatalog catalog, ReadOnlySpan<float> users, int factors, ReadOnlySpan<float> items, int stride, ReadOnlySpan<int> customers, int k)
    {
        var products = catalog.ProductCount;
        if (items.Length != products * stride || stride % AlsSimd.Width != 0 || factors > stride)
        {
            throw new ArgumentException($"The item factors must be {products} rows of a stride ({stride}) that holds {factors} factors in whole vectors.", nameof(items));
        }

        var ties = catalog.PopularityRanks;
        var answers = new IReadOnlyList<ScoredProduct>[customers.Length];
        var block = new float[BlockCustomers * stride];
        var scores = new float[BlockCustomers * TileProducts];
        var heaps = new TopKHeap[BlockCustomers];
        var boughtCursor = new int[BlockCustomers];
        for (var start = 0; start < customers.Length; start += BlockCustomers)
        {
            var count = Math.Min(BlockCustomers, customers.Length - start);
            Array.Clear(block);
            for (var b = 0; b < count; b++)
            {
                users.Slice(customers[start + b] * factors, factors).CopyTo(block.AsSpan(b * stride));
                heaps[b] = new TopKHeap(Math.Min(k, products));
                boughtCursor[b] = 0;
            }

            for (var first = 0; first < products; first += TileProducts)
            {
                var width = Math.Min(TileProducts, products - first);
                ScoreTile(block.AsSpan(0, count * stride), items.Slice(first * stride, width * stride), stride, scores);
                for (var b = 0; b < count; b++)
                {
                    Offer(heaps[b], scores.AsSpan(b * TileProducts, width), first, catalog.ItemsOf(customers[start + b]), ref boughtCursor[b], ties);
                }
            }

            for (var b = 0; b < count; b++)
            {
                answers[start + b] = Answer(catalog, heaps[b]);
            }
        }

        return answers;
    }

    /// <summary>A tile's scores into a customer's heap, the bought products of the tile (the next of the ascending list) at −∞ as in <see cref="DenseRanking"/>.</summary>
    private static void Offer(TopKHeap heap, Span<float> tile, int first, ReadOnlySpan<int> bought, ref int cursor, ReadOnlySpan<int> ties)
    {
        for (; cursor < bought.Length && bought[cursor] < first + tile.Length; cursor++)
        {
            tile[bought[cursor] - first] = float.NegativeInfinity;
        }

        for (var i = 0; i < tile.Length; i++)
        {
            if (!(tile[i] < heap.Threshold))
            {
                heap.Offer(first + i, tile[i], ties[first + i]);
            }
        }
    }

    private static List<ScoredProduct> Answer(RecommenderCatalog catalog, TopKHeap heap)
    {
        var best = heap.RankedBestFirst();
        var answer = new List<ScoredProduct>(best.Length);
        foreach (var (product, score) in best)
        {
            if (float.IsNegativeInfinity(score))
            {
                break; // only bought products are left
            }

            answer.Add(new ScoredProduct(catalog.Products[product].ProductId, score));
        }

        return answer;
    }

    /// <summary>
    /// scores[b · <see cref="TileProducts"/> + i] = customer b · product i, for every customer row of
    /// <paramref name="block"/> and product row of <paramref name="tile"/>: two customers × four products
    /// at a time (eight accumulators, each customer and product vector loaded once per step), the rest
    /// one pair at a time.
    /// </summary>
    private static void ScoreTile(ReadOnlySpan<float> block, ReadOnlySpan<float> tile, int stride, Span<float> scores)
    {
        var customers = block.Length / stride;
        var products = tile.Length / stride;
        var b = 0;
        for (; b + 2 <= customers; b += 2)
        {
            var u0 = block.Slice(b * stride, stride);
            var u1 = block.Slice((b + 1) * stride, stride);
            var i = 0;
            for (; i + 4 <= products; i += 4)
            {
                TwoByFour(u0, u1, tile.Slice(i * stride, 4 * stride), stride, scores.Slice((b * TileProducts) + i), scores.Slice(((b + 1) * TileProducts) + i));
            }

            for (; i < products; i++)
            {
                var item = tile.Slice(i * stride, stride);
                scores[(b * TileProducts) + i] = Dot(u0, item);
                scores[((b + 1) * TileProducts) + i] = Dot(u1, item);
            }
        }

        for (; b < customers; b++)
        {
            var user = block.Slice(b * stride, stride);
            for (var i = 0; i < products; i++)
            {
                scores[(b * TileProducts) + i] = Dot(user, tile.Slice(i * stride, stride));
            }
        }
    }

    private static void TwoByFour(ReadOnlySpan<float> u0, ReadOnlySpan<float> u1, ReadOnlySpan<float> fourItems, int stride, Span<float> first, Span<float> second)
    {
        ref var x0 = ref MemoryMarshal.GetReference(u0);
        ref var x1 = ref MemoryMarshal.GetReference(u1);
        ref var r0 = ref MemoryMarshal.GetReference(fourItems);
        ref var r1 = ref MemoryMarshal.GetReference(fourItems.Slice(stride));
        ref var r2 = ref MemoryMarshal.GetReference(fourItems.Slice(2 * stride));
        ref var r3 = ref MemoryMarshal.GetReference(fourItems.Slice(3 * stride));
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector<float> b0 = default, b1 = default, b2 = default, b3 = default;
        for (var c = 0; c < stride; c += AlsSimd.Width)
        {
            var offset = (nuint)c;
            var y0 = Vector.LoadUnsafe(ref r0, offset);
            var y1 = Vector.LoadUnsafe(ref r1, offset);
            var y2 = Vector.LoadUnsafe(ref r2, offset);
            var y3 = Vector.LoadUnsafe(ref r3, offset);
            var v = Vector.LoadUnsafe(ref x0, offset);
            a0 = Vector.FusedMultiplyAdd(y0, v, a0);
            a1 = Vector.FusedMultiplyAdd(y1, v, a1);
            a2 = Vector.FusedMultiplyAdd(y2, v, a2);
            a3 = Vector.FusedMultiplyAdd(y3, v, a3);
            v = Vector.LoadUnsafe(ref x1, offset);
            b0 = Vector.FusedMultiplyAdd(y0, v, b0);
            b1 = Vector.FusedMultiplyAdd(y1, v, b1);
            b2 = Vector.FusedMultiplyAdd(y2, v, b2);
            b3 = Vector.FusedMultiplyAdd(y3, v, b3);
        }

        first[0] = Sum(a0);
        first[1] = Sum(a1);
        first[2] = Sum(a2);
        first[3] = Sum(a3);
        second[0] = Sum(b0);
        second[1] = Sum(b1);
        second[2] = Sum(b2);
        second[3] = Sum(b3);
    }

    private static float Dot(ReadOnlySpan<float> user, ReadOnlySpan<float> item)
    {
        ref var x = ref MemoryMarshal.GetReference(user);
        ref var y = ref MemoryMarshal.GetReference(item);
        Vector<float> s = default;
        for (var c = 0; c < user.Length; c += AlsSimd.Width)
        {
            s = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref y, (nuint)c), Vector.LoadUnsafe(ref x, (nuint)c), s);
        }

        return Sum(s);
    }

    // AffineOfDots' `constant + slope · Σ` with constant 0 and slope 1: the same float (a −0 sum becomes +0 there too).
    private static float Sum(Vector<float> accumulator) => 0f + Vector.Sum(accumulator);
}
