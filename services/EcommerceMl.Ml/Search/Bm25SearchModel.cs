namespace EcommerceMl.Ml.Search;

/// <summary>Algorithm <c>bm25</c>: the index's own ranking, served as it is.</summary>
public sealed class Bm25SearchModel(ProductIndex index) : ISearchModel
{
    public string Task => ModelTask.Search;

    public string Algorithm => AlgorithmCatalogue.Bm25;

    public ProductIndex Index { get; } = index ?? throw new ArgumentNullException(nameof(index));

    public SearchResult Search(SearchQuery query) => Index.Search(query);

    public IReadOnlyList<SearchSuggestion> Suggest(string text, int limit) => Index.Suggest(text, limit);

    public void Save(Stream stream) => ProductIndexFile.Write(stream, Index);
}
