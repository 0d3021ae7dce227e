using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>Recall@k and MRR@k of known-item queries: where the one product each query was drawn from lands.</summary>
public static class KnownItemEvaluator
{
    /// <summary>
    /// <c>recall_at_k</c> (the product in the top k), <c>mrr</c> (1/rank, 0 beyond k), each also over the queries with
    /// and without a typo (<c>…_typo</c>, <c>…_clean</c>) and by the query's number of words (<c>…_1_words</c> …),
    /// when there are any, and <c>queries</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Evaluate(Func<SearchQuery, SearchResult> search, IReadOnlyList<KnownItemQuery> queries, int k)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(queries);
        var ranks = queries.Select(q => (q.Typo, Words: q.Text.Split(' ').Length, Rank: Rank(search(new SearchQuery(q.Text, k)), q.ProductId))).ToList();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["queries"] = ranks.Count };
        Add(metrics, "", ranks.Select(r => r.Rank).ToList(), k);
        Add(metrics, "_clean", ranks.Where(r => !r.Typo).Select(r => r.Rank).ToList(), k);
        Add(metrics, "_typo", ranks.Where(r => r.Typo).Select(r => r.Rank).ToList(), k);
        foreach (var words in ranks.Select(r => r.Words).Distinct().Order())
        {
            Add(metrics, $"_{words}_words", ranks.Where(r => r.Words == words).Select(r => r.Rank).ToList(), k);
        }
        return metrics;
    }

    /// <summary>1-based position of <paramref name="productId"/> among the hits, or 0 when absent.</summary>
    private static int Rank(SearchResult result, string productId)
    {
        for (var i = 0; i < result.Hits.Count; i++)
        {
            if (result.Hits[i].ProductId == productId)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static void Add(Dictionary<string, double> metrics, string suffix, List<int> ranks, int k)
    {
        if (ranks.Count == 0)
        {
            return;
        }

        metrics[$"recall_at_{k}{suffix}"] = ranks.Count(r => r > 0) / (double)ranks.Count;
        metrics[$"mrr{suffix}"] = ranks.Sum(r => r > 0 ? 1.0 / r : 0) / ranks.Count;
    }
}
