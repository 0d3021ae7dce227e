namespace EcommerceMl.Inference.Contracts;

/// <summary><c>GET /v1/search</c>: the best products for the query, best first, and how many matched in all.</summary>
/// <param name="Corrections">Query words the catalogue does not hold, and the words one edit away that were searched instead.</param>
public sealed record SearchResponse(
    string Query,
    string Model,
    string Version,
    string Algorithm,
    int Total,
    IReadOnlyList<SearchResultItem> Results,
    IReadOnlyList<SearchCorrection> Corrections);

/// <param name="MatchedFields">Which of name, category, description and attributes held a query word.</param>
/// <param name="Highlight">The matching field's text, HTML-escaped, the matched words in <c>&lt;mark&gt;</c> (safe to insert as HTML).</param>
public sealed record SearchResultItem(
    int Rank,
    string ProductId,
    string Name,
    string Category,
    double Score,
    IReadOnlyList<string> MatchedFields,
    string HighlightField,
    string Highlight);

public sealed record SearchCorrection(string Word, IReadOnlyList<string> SearchedAs);

/// <summary><c>GET /v1/search/suggest</c>: completions of the query's last word, the most products first.</summary>
public sealed record SearchSuggestResponse(string Query, string Model, string Version, IReadOnlyList<SearchSuggestionItem> Suggestions);

public sealed record SearchSuggestionItem(string Text, int Products);
