using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// Fits a <c>bm25-ltr</c> model that knows the shop up to an instant (<c>end</c>, exclusive), so the held-out searches
/// after it are fair to score. Time-ordered throughout, so no feature sees the outcome it is asked to predict:
/// <list type="bullet">
/// <item>the ranker learns from the searches of the last <see cref="Bm25LtrSettings.RankerDays"/> before <c>end</c>
/// that credited one of their BM25 candidates — labels 3 bought, 2 added, 1 viewed, 0 the other candidates;</item>
/// <item>a training search's history features count only the searches before it; its popularity and customer
/// affinity come from the orders before the ranker's window (the recommendation model is fit there);</item>
/// <item>the model served then holds the history of every search before <c>end</c>, the popularity of every order
/// before it, and a recommendation model fit on them.</item>
/// </list>
/// With fewer than <see cref="Bm25LtrSettings.MinRankerSearches"/> searches to learn from, no ranker: BM25 re-ranked by
/// popularity.
/// </summary>
internal static class Bm25LtrTrainer
{
    public static Bm25LtrSearchModel Fit(ShopData data, DateTime end, ProductIndex index, Bm25LtrSettings settings, IProgress<double>? progress = null)
    {
        var rankerStart = end == DateTime.MaxValue ? LastSearchDay(data).AddDays(1 - settings.RankerDays) : end.AddDays(-settings.RankerDays);
        var before = data.Searches.Where(s => s.SearchedAt < end).ToList();
        var rowModel = Model(data, rankerStart, index, ranker: null, new SearchHistory(index.Count), settings);
        var rows = new SearchRankingRows();
        for (var i = 0; i < before.Count; i++)
        {
            var search = before[i];
            var first = index.Search(new SearchQuery(search.Query, settings.Candidates));
            if (search.SearchedAt >= rankerStart && search.Products.Count > 0 && first.Hits.Count > 0)
            {
                var labels = Labels(first, search);
                if (labels.Any(l => l > 0))
                {
                    rows.AddGroup(rowModel.Features(first, search.Query, search.CustomerId, rowModel.History), labels);
                }
            }

            rowModel.History.Add(SearchHistory.QueryKey(first), search.Products.Select(p => (index.DocumentOf(p.ProductId), p.Outcome)));
            if (i % 1000 == 0)
            {
                progress?.Report(0.8 * i / before.Count);
            }
        }

        var ranker = rows.GroupCount >= Bm25LtrSettings.MinRankerSearches ? SearchRankerTrainer.Train(rows, settings.Ranker) : null;
        progress?.Report(0.9);
        var model = Model(data, end, index, ranker, rowModel.History, settings);
        progress?.Report(1);
        return model;
    }

    /// <summary>Where the searches end: the day of the last one (the shop's data end when there are none).</summary>
    internal static DateTime LastSearchDay(ShopData data) =>
        data.Searches.Count > 0 ? data.Searches.Max(s => s.SearchedAt).Date
        : data.Orders.Count > 0 ? data.Orders.Max(o => o.OrderedAt).Date
        : DateTime.MinValue.AddDays(1);

    private static float[] Labels(SearchResult first, ShopSearch search)
    {
        var grade = search.Products.ToDictionary(p => p.ProductId, p => (float)p.Outcome, StringComparer.Ordinal);
        return [.. first.Hits.Select(h => grade.GetValueOrDefault(h.ProductId))];
    }

    /// <summary>A model with the popularity and the customer affinity of the orders before <paramref name="asOf"/>.</summary>
    private static Bm25LtrSearchModel Model(ShopData data, DateTime asOf, ProductIndex index, Trees.TreeEnsemble? ranker, SearchHistory history, Bm25LtrSettings settings)
    {
        var orders = asOf == DateTime.MaxValue ? data : TemporalSplit.At(data, asOf).Train;
        var popularity = SearchFeatures.Popularity(index, orders.Purchases.Select(p => p.ProductId));
        return new Bm25LtrSearchModel(index, ranker, history, popularity, Affinity(orders, settings), settings);
    }

    /// <summary>The recommendation model customer affinity comes from, fit on <paramref name="orders"/>; null when turned off or there is nothing to fit.</summary>
    private static CustomerAffinity? Affinity(ShopData orders, Bm25LtrSettings settings)
    {
        if (settings.Affinity == Bm25LtrSettings.NoAffinity || orders.Purchases.Count == 0)
        {
            return null;
        }

        var algorithm = RecommendationPipeline.FindAlgorithm(settings.Affinity)!;
        var fit = algorithm.Configure(new Hyperparameters(algorithm.Name, new Dictionary<string, string>(), algorithm.HyperparameterNames));
        return new CustomerAffinity(fit(InteractionData.FromShop(orders), null));
    }
}
