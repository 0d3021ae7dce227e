namespace EcommerceMl.Ml.Search;

/// <summary>
/// What the inference server serves for the <c>search</c> task: ranked products for a query, and completions of a
/// half-typed one. <see cref="Index"/> is the first stage every algorithm shares (BM25 over the catalogue): a
/// re-ranker answers <see cref="Search"/> by re-ordering what the index retrieves.
/// </summary>
public interface ISearchModel : ITrainedModel
{
    ProductIndex Index { get; }

    SearchResult Search(SearchQuery query);

    IReadOnlyList<SearchSuggestion> Suggest(string text, int limit);
}
