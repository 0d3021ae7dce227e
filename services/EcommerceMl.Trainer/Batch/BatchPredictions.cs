using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// The rows a batch run writes, computed from a trained model for a list of keys (a shard's customers,
/// products or scopes). Pure: the same model and keys always give the same rows, so shards written apart
/// are the rows one run writes.
/// </summary>
public static class BatchPredictions
{
    /// <summary>The customers a recommender scores: every customer it was trained on.</summary>
    public static IReadOnlyList<string> Customers(IRecommender recommender) => recommender is CatalogRecommender catalog
        ? catalog.Catalog.Customers
        : throw new ArgumentException($"a {recommender.Algorithm} model has no customer list to write recommendations for");

    /// <summary>The products a recommender answers for: its catalogue.</summary>
    public static IReadOnlyList<string> Products(IRecommender recommender) => recommender is CatalogRecommender catalog
        ? [.. catalog.Catalog.Products.Select(p => p.ProductId)]
        : throw new ArgumentException($"a {recommender.Algorithm} model has no product catalogue to write recommendations for");

    /// <summary>
    /// Top-<paramref name="top"/> products for each customer, rank 1..n, what they bought removed (the
    /// model's own answers, as the API gives them). Scored in parallel, block by block, ahead of the
    /// reader (<see cref="ParallelRows"/>), <see cref="CustomersPerCall"/> customers per call, so a model
    /// that scores a block of customers together (ALS) does (<see cref="CatalogRecommender.RecommendMany"/>).
    /// </summary>
    public static IEnumerable<CustomerRecommendationRow> ForCustomers(IRecommender recommender, IReadOnlyList<string> customers, int top)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        CheckTop(top);
        return ParallelRows.OfChunks(customers, CustomersPerCall, chunk =>
        {
            var answers = recommender is CatalogRecommender catalog
                ? catalog.RecommendMany(chunk, top)
                : [.. chunk.Select(customer => recommender.Recommend(customer, top))];
            var rows = new CustomerRecommendationRow[chunk.Count][];
            for (var c = 0; c < rows.Length; c++)
            {
                rows[c] = new CustomerRecommendationRow[answers[c].Count];
                for (var i = 0; i < rows[c].Length; i++)
                {
                    rows[c][i] = new CustomerRecommendationRow(chunk[c], i + 1, answers[c][i].ProductId, answers[c][i].Score);
                }
            }

            return rows;
        });
    }

    /// <summary>Customers per <see cref="CatalogRecommender.RecommendMany"/> call: a few of ALS's blocks, and still 16 calls to share out per block of <see cref="ParallelRows"/>.</summary>
    public const int CustomersPerCall = 256;

    /// <summary>
    /// Top-<paramref name="top"/> similar products of each product, rank 1..n, with co-buyers. A pair
    /// (A, B) appears once per direction at most: B in A's list and A in B's list are two different
    /// questions analysts ask (the symmetric check), never the same row twice.
    /// </summary>
    public static IEnumerable<ProductSimilarityRow> ForProducts(IRecommender recommender, IReadOnlyList<string> products, int top)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(products);
        CheckTop(top);
        if (recommender is ItemCosineRecommender cosine)
        {
            // The model's neighbour table is the seed pipeline's table already.
            var wanted = products.ToHashSet(StringComparer.Ordinal);
            return cosine.SimilarityTable().Where(r => r.Rank <= top && wanted.Contains(r.ProductId));
        }

        // Other models answer one product at a time (popularity merges buyer lists per pair): in parallel, ahead of the writer.
        return ParallelRows.Of<ProductSimilarityRow>(products, p => [.. RowsOf(p, recommender.Similar(p, Math.Min(top, CatalogRecommender.MaxK)) ?? [])]);
    }

    /// <summary>The forecast of each scope over <paramref name="window"/> (the gap since its data ended forecast through, not written).</summary>
    public static IEnumerable<SalesForecastRow> Forecast(IForecaster forecaster, IReadOnlyList<string> scopes, ForecastWindow window, double level)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentOutOfRangeException.ThrowIfLessThan(window.Horizon, 1);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentException($"--level must be between 0 and 1 (exclusive), not {level}");
        }

        return ForecastRows(forecaster, scopes, window, level);
    }

    private static IEnumerable<SalesForecastRow> ForecastRows(IForecaster forecaster, IReadOnlyList<string> scopes, ForecastWindow window, double level)
    {
        foreach (var scope in scopes)
        {
            foreach (var point in forecaster.Forecast(scope, window, level) ?? [])
            {
                yield return new SalesForecastRow(point.Date, scope, point.Predicted, point.Lower, point.Upper);
            }
        }
    }

    private static void CheckTop(int top)
    {
        if (top is < 1 or > CatalogRecommender.MaxK)
        {
            throw new ArgumentException($"--top must be between 1 and {CatalogRecommender.MaxK}, not {top}");
        }
    }

    private static IEnumerable<ProductSimilarityRow> RowsOf(string productId, IReadOnlyList<SimilarProduct> similar)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rank = 0;
        foreach (var s in similar)
        {
            if (s.ProductId != productId && seen.Add(s.ProductId))
            {
                yield return new ProductSimilarityRow(productId, s.ProductId, s.Score, ++rank, s.CoBuyers);
            }
        }
    }
}
