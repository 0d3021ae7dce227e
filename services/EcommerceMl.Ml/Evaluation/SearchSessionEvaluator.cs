using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// nDCG@k of a search model on searches shoppers made (<see cref="ShopData.Searches"/>, held out by time): each search's
/// query is asked again, with its customer, and the answer is scored against what the shopper went on to do, graded
/// (<see cref="GradedNdcgAtK"/>). Searches after which the shopper touched nothing say nothing about relevance and are
/// not scored. A product the model did not return counts as ranked below k: the ideal list holds every credited product.
/// </summary>
public static class SearchSessionEvaluator
{
    public const string SearchesMetric = "session_searches";

    public static string NdcgMetric(int k) => $"session_ndcg_at_{k}";

    /// <summary><c>session_ndcg_at_{k}</c> (the mean over the scored searches) and <c>session_searches</c> (how many).</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(Func<SearchQuery, SearchResult> search, IReadOnlyList<ShopSearch> heldOut, int k)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var scored = heldOut.Where(s => s.Products.Count > 0).ToList();
        var total = 0.0;
        foreach (var s in scored)
        {
            var answer = search(new SearchQuery(s.Query, k, CustomerId: s.CustomerId));
            total += GradedNdcgAtK([.. answer.Hits.Select(h => h.ProductId)], s.Products, k);
        }

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [NdcgMetric(k)] = scored.Count == 0 ? 0 : total / scored.Count,
            [SearchesMetric] = scored.Count,
        };
    }

    /// <summary>
    /// DCG of the top k with gain 2^grade − 1 (a view 1, a cart add 3, a purchase 7) and discount 1/log2(position + 1),
    /// over the DCG of the credited products in their best order; 0 when nothing was credited.
    /// </summary>
    public static double GradedNdcgAtK(IReadOnlyList<string> ranked, IReadOnlyList<SearchedProduct> credited, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(credited);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var grade = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var product in credited)
        {
            grade[product.ProductId] = Math.Max(grade.GetValueOrDefault(product.ProductId), (int)product.Outcome);
        }

        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            dcg += Gain(grade.GetValueOrDefault(ranked[i])) / Math.Log2(i + 2);
        }

        var ideal = 0.0;
        var best = grade.Values.OrderDescending().Take(k).ToList();
        for (var i = 0; i < best.Count; i++)
        {
            ideal += Gain(best[i]) / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static double Gain(int grade) => (1 << grade) - 1;
}
