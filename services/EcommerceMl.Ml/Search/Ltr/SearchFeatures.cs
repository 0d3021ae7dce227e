namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// The re-ranker's features of each first-stage candidate of one search, in <see cref="Names"/> order:
/// <list type="bullet">
/// <item>the text match — the BM25 score, relative to the best candidate's, the BM25 rank, the share of the query's
/// words it matched, and whether it matched in the name, category, description, attributes;</item>
/// <item>what shoppers do — the product's popularity (its share of order lines × the number of products, log), and from
/// past searches (<see cref="SearchHistory"/>): how often this query was searched (log), the smoothed share of them
/// after which the shopper engaged with (viewed, added or bought) this product and bought it, and the product's
/// smoothed conversion after any search;</item>
/// <item>the customer's affinity (<see cref="CustomerAffinity"/>) — whether there is one, the product's place in
/// their recommendations, whether they bought it before, their share of purchases in its category; all 0 without a
/// customer or a recommendation model.</item>
/// </list>
/// </summary>
internal static class SearchFeatures
{
    public static readonly string[] Names =
    [
        "bm25", "bm25_relative", "bm25_rank", "matched_share", "name_match", "category_match", "description_match", "attributes_match",
        "popularity", "query_searches", "query_engaged_rate", "query_bought_rate", "product_search_conversion",
        "has_affinity", "recommended", "bought_before", "category_share",
    ];

    public static int Count => Names.Length;

    /// <summary>One row per hit, in the hits' order.</summary>
    public static float[][] Rows(
        SearchResult result, int queryWords, string queryKey, SearchHistory history, float[] popularity, double smoothing, CustomerAffinity.Profile? customer)
    {
        var hits = result.Hits;
        var rows = new float[hits.Count][];
        var top = hits.Count > 0 ? Math.Max(hits[0].Score, 1e-9) : 1;
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var (searches, engaged, bought, productEngaged, productBought) = history.Counts(queryKey, hit.Document);
            rows[i] =
            [
                (float)hit.Score,
                (float)(hit.Score / top),
                i,
                queryWords == 0 ? 0 : Math.Min(1, hit.MatchedTerms / (float)queryWords),
                Flag(hit.MatchedFields, SearchFields.Name),
                Flag(hit.MatchedFields, SearchFields.Category),
                Flag(hit.MatchedFields, SearchFields.Description),
                Flag(hit.MatchedFields, SearchFields.Attributes),
                popularity[hit.Document],
                (float)Math.Log(1 + searches),
                (float)(engaged / (searches + smoothing)),
                (float)(bought / (searches + smoothing)),
                (float)(productBought / (productEngaged + smoothing)),
                customer is null ? 0 : 1,
                customer is null ? 0 : (float)customer.Recommended(hit.ProductId),
                customer is not null && customer.Bought(hit.ProductId) ? 1 : 0,
                customer is null ? 0 : (float)customer.CategoryShare(hit.Category),
            ];
        }

        return rows;
    }

    /// <summary>Each product's popularity feature: log(1 + its share of order lines × the number of products), so 1 is "as popular as average", whatever the shop's size or age.</summary>
    public static float[] Popularity(ProductIndex index, IEnumerable<string> soldProductIds)
    {
        var lines = new double[index.Count];
        var total = 0;
        foreach (var product in soldProductIds)
        {
            if (index.DocumentOf(product) is var d and >= 0)
            {
                lines[d]++;
                total++;
            }
        }

        return [.. lines.Select(l => total == 0 ? 0f : (float)Math.Log(1 + (l / total * index.Count)))];
    }

    private static float Flag(SearchFields fields, SearchFields field) => (fields & field) != 0 ? 1 : 0;
}
