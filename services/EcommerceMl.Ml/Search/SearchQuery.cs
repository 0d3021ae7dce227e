namespace EcommerceMl.Ml.Search;

/// <summary>A product search: the shopper's text, how many hits to return, an optional category (exact, case-insensitive).</summary>
/// <param name="CustomerId">Who searches, when known: a re-ranker may personalise; BM25 ignores it.</param>
public sealed record SearchQuery(string Text, int Limit, string? Category = null, string? CustomerId = null);

/// <summary>
/// One product a query found: its catalogue position (<see cref="ProductIndex"/>'s document number), id, name and
/// category, the BM25 score, the fields any query word matched, and how many of the query's words it matched
/// (a word corrected for a typo counts once) — what a re-ranker builds its features from.
/// </summary>
public sealed record SearchHit(
    int Document, string ProductId, string Name, string Category, double Score, SearchFields MatchedFields, int MatchedTerms);

/// <summary>A query word the catalogue does not hold, and the catalogue words one edit away that were searched instead.</summary>
public sealed record TypoCorrection(string Word, IReadOnlyList<string> SearchedAs);

/// <summary>
/// The best <see cref="SearchQuery.Limit"/> hits, best first; <see cref="Total"/> products matched at all.
/// <see cref="Terms"/> are the query's words as analysed (stemmed; corrections replaced by what they matched):
/// what <see cref="ProductIndex.Highlight"/> marks.
/// </summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, int Total, IReadOnlySet<string> Terms, IReadOnlyList<TypoCorrection> Corrections)
{
    public static SearchResult Empty { get; } = new([], 0, new HashSet<string>(StringComparer.Ordinal), []);
}

/// <summary>A completion of what the shopper is typing, and how many products it would find.</summary>
public sealed record SearchSuggestion(string Text, int Products);

/// <summary>A hit's text with the matched words marked: the field shown and its HTML (escaped, matches in <c>&lt;mark&gt;</c>).</summary>
public sealed record SearchHighlight(SearchFields Field, string Html);
