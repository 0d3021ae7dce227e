using System.Buffers;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Turns a dense score per product (EASE, ALS) into a top-k answer: bought products removed, the
/// whole catalogue ranked, equal scores ordered by popularity. The score buffer is pooled, so a
/// request allocates only its answer. The overloads with <c>columnProducts</c> rank a subset of the
/// catalogue (EASE past <c>max_products</c>): score position c is product <c>columnProducts[c]</c>.
/// </summary>
internal static class DenseRanking
{
    /// <summary>Scores every product with <paramref name="score"/> (which fills the span it is given), then ranks.</summary>
    public static IReadOnlyList<ScoredProduct> TopK(RecommenderCatalog catalog, ReadOnlySpan<int> bought, int k, ScoreFiller score) =>
        TopK(catalog, bought, k, catalog.PopularityRanks, null, score);

    /// <summary>
    /// Ranks <paramref name="ties"/>.Length positions; <paramref name="bought"/> are positions,
    /// <paramref name="ties"/> each position's popularity rank, <paramref name="columnProducts"/> each
    /// position's product index (null: position = product index).
    /// </summary>
    public static IReadOnlyList<ScoredProduct> TopK(RecommenderCatalog catalog, ReadOnlySpan<int> bought, int k, ReadOnlySpan<int> ties, int[]? columnProducts, ScoreFiller score)
    {
        var n = ties.Length;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = buffer.AsSpan(0, n);
            score(scores);
            foreach (var item in bought)
            {
                scores[item] = float.NegativeInfinity;
            }

            var best = Recommendation.TopK.Select(scores, ties, k);
            var result = new List<ScoredProduct>(best.Length);
            foreach (var product in best)
            {
                if (float.IsNegativeInfinity(scores[product]))
                {
                    break; // only bought products are left
                }

                result.Add(new ScoredProduct(catalog.Products[columnProducts?[product] ?? product].ProductId, scores[product]));
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Products most like <paramref name="product"/> by <paramref name="similarity"/>, itself excluded, positive scores only.</summary>
    public static IReadOnlyList<SimilarProduct> Similar(RecommenderCatalog catalog, int product, int k, ScoreFiller similarity) =>
        Similar(catalog, product, k, catalog.PopularityRanks, null, similarity);

    /// <summary><see cref="Similar(RecommenderCatalog, int, int, ScoreFiller)"/> over positions, as <see cref="TopK(RecommenderCatalog, ReadOnlySpan{int}, int, ReadOnlySpan{int}, int[], ScoreFiller)"/>.</summary>
    public static IReadOnlyList<SimilarProduct> Similar(RecommenderCatalog catalog, int product, int k, ReadOnlySpan<int> ties, int[]? columnProducts, ScoreFiller similarity)
    {
        var n = ties.Length;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = buffer.AsSpan(0, n);
            similarity(scores);
            scores[product] = float.NegativeInfinity;
            var result = new List<SimilarProduct>(k);
            foreach (var other in Recommendation.TopK.Select(scores, ties, k))
            {
                if (!(scores[other] > 0))
                {
                    break;
                }

                var (from, to) = (columnProducts?[product] ?? product, columnProducts?[other] ?? other);
                result.Add(new SimilarProduct(catalog.Products[to].ProductId, scores[other], catalog.CoBuyers(from, to)));
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}

/// <summary>Writes one score per product into the span.</summary>
internal delegate void ScoreFiller(Span<float> scores);
