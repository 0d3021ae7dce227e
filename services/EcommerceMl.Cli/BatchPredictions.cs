using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Postgres;

namespace EcommerceMl.Cli;

/// <summary>The rows a batch prediction writes to the output tables, computed from a trained model.</summary>
internal static class BatchPredictions
{
    /// <summary>
    /// Top-<paramref name="top"/> similar products of every product, rank 1..n, with co-buyers. A pair
    /// (A, B) appears once per direction at most: B in A's list and A in B's list are two different
    /// questions analysts ask (the symmetric check), never the same row twice.
    /// </summary>
    public static IEnumerable<ProductSimilarityRow> Recommendations(IRecommender recommender, int top)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (recommender is ItemCosineRecommender cosine)
        {
            return cosine.SimilarityTable().Where(r => r.Rank <= top);
        }

        if (recommender is CatalogRecommender catalog)
        {
            return catalog.Catalog.Products.SelectMany(p => RowsOf(p.ProductId, catalog.Similar(p.ProductId, Math.Min(top, CatalogRecommender.MaxK)) ?? []));
        }

        throw new ArgumentException($"a {recommender.Algorithm} model has no product catalogue to write recommendations for");
    }

    /// <summary>Every scope the forecaster knows over <paramref name="window"/> (the gap since its data ended forecast through, not written).</summary>
    public static IEnumerable<SalesForecastRow> Forecast(IForecaster forecaster, ForecastWindow window, double level)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentOutOfRangeException.ThrowIfLessThan(window.Horizon, 1);
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentException($"--level must be between 0 and 1 (exclusive), not {level}");
        }

        foreach (var scope in forecaster.Scopes)
        {
            foreach (var point in forecaster.Forecast(scope, window, level) ?? [])
            {
                yield return new SalesForecastRow(point.Date, scope, point.Predicted, point.Lower, point.Upper);
            }
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
