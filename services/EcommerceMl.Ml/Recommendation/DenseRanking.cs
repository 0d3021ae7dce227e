using System.Buffers;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Turns a dense score per product (EASE, ALS) into a top-k answer: bought products removed, the
/// whole catalogue ranked, equal scores ordered by popularity. The score buffer is pooled, so a
/// request allocates only its answer.
/// </summary>
internal static class DenseRanking
{
    /// <summary>Scores every product with <paramref name="score"/> (which fills the span it is given), then ranks.</summary>
    public static IReadOnlyList<ScoredProduct> TopK(RecommenderCatalog catalog, ReadOnlySpan<int> bought, int k, ScoreFiller score)
    {
        var n = catalog.ProductCount;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = buffer.AsSpan(0, n);
            score(scores);
            foreach (var item in bought)
            {
                scores[item] = float.NegativeInfinity;
            }

            var best = Recommendation.TopK.Select(scores, catalog.PopularityRanks, k);
            var result = new List<ScoredProduct>(best.Length);
            foreach (var product in best)
            {
                if (float.IsNegativeInfinity(scores[product]))
                {
                    break; // only bought products are left
                }

                result.Add(new ScoredProduct(catalog.Products[product].ProductId, scores[product]));
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Products most like <paramref name="product"/> by <paramref name="similarity"/>, itself excluded, positive scores only.</summary>
    public static IReadOnlyList<SimilarProduct> Similar(RecommenderCatalog catalog, int product, int k, ScoreFiller similarity)
    {
        var n = catalog.ProductCount;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = buffer.AsSpan(0, n);
            similarity(scores);
            scores[product] = float.NegativeInfinity;
            var result = new List<SimilarProduct>(k);
            foreach (var other in Recommendation.TopK.Select(scores, catalog.PopularityRanks, k))
            {
                if (!(scores[other] > 0))
                {
                    break;
                }

                result.Add(new SimilarProduct(catalog.Products[other].ProductId, scores[other], catalog.CoBuyers(product, other)));
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
