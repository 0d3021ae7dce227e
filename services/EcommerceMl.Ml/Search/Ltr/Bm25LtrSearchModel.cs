using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// Algorithm <c>bm25-ltr</c>: the BM25 index retrieves <see cref="Candidates"/> products, and a LightGBM LambdaRank
/// re-ranker trained on what shoppers did after their searches orders them (<see cref="SearchFeatures"/>). Without a
/// ranker — the shop had no search sessions to learn from — the candidates are BM25 re-ranked by popularity:
/// BM25 relative to the best candidate plus <see cref="PopularityWeight"/> × popularity relative to the most popular
/// candidate. A hit's <c>Score</c> is the score it was ranked by. Thread-safe: nothing is mutated after construction.
/// </summary>
public sealed class Bm25LtrSearchModel : ISearchModel
{
    private readonly float[] _popularity;
    private readonly CustomerAffinity? _affinity;

    internal Bm25LtrSearchModel(
        ProductIndex index, TreeEnsemble? ranker, SearchHistory history, float[] popularity, CustomerAffinity? affinity, Bm25LtrSettings settings)
    {
        Index = index ?? throw new ArgumentNullException(nameof(index));
        Ranker = ranker;
        History = history;
        _popularity = popularity;
        _affinity = affinity;
        Settings = settings;
    }

    public string Task => ModelTask.Search;

    public string Algorithm => AlgorithmCatalogue.Bm25Ltr;

    public ProductIndex Index { get; }

    /// <summary>True when a re-ranker was learnt from search sessions; false: BM25 re-ranked by popularity.</summary>
    public bool Learnt => Ranker is not null;

    /// <summary>True when customer affinity comes from a recommendation model inside this one.</summary>
    public bool Personalised => _affinity is not null;

    public int Candidates => Settings.Candidates;

    public double PopularityWeight => Settings.PopularityWeight;

    internal Bm25LtrSettings Settings { get; }

    internal TreeEnsemble? Ranker { get; }

    internal SearchHistory History { get; }

    internal IReadOnlyList<float> Popularity => _popularity;

    internal CustomerAffinity? Affinity => _affinity;

    public SearchResult Search(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var first = Index.Search(query with { Limit = Math.Max(query.Limit, Settings.Candidates) });
        if (first.Hits.Count == 0 || query.Limit == 0)
        {
            return first with { Hits = [] };
        }

        var scores = Ranker is null ? ByPopularity(first) : ByRanker(first, query);
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(query.Limit);
        return first with { Hits = [.. order.Select(i => first.Hits[i] with { Score = scores[i] })] };
    }

    public IReadOnlyList<SearchSuggestion> Suggest(string text, int limit) => Index.Suggest(text, limit);

    public void Save(Stream stream) => Bm25LtrModelFile.Write(stream, this);

    /// <summary>The features of a search's first-stage result: what the ranker scores, and what training labels.</summary>
    internal float[][] Features(SearchResult first, string text, string? customerId, SearchHistory history) =>
        SearchFeatures.Rows(
            first, SearchText.Tokenize(text).Select(t => t.Stem).Distinct(StringComparer.Ordinal).Count(), SearchHistory.QueryKey(first),
            history, _popularity, Settings.Smoothing, _affinity?.For(customerId));

    private double[] ByRanker(SearchResult first, SearchQuery query)
    {
        var rows = Features(first, query.Text, query.CustomerId, History);
        var scores = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            scores[i] = Ranker!.Score(rows[i]);
        }

        return scores;
    }

    private double[] ByPopularity(SearchResult first)
    {
        var hits = first.Hits;
        var top = Math.Max(hits[0].Score, 1e-9);
        var mostPopular = Math.Max(hits.Max(h => _popularity[h.Document]), 1e-9f);
        return [.. hits.Select(h => (h.Score / top) + (Settings.PopularityWeight * _popularity[h.Document] / mostPopular))];
    }
}
