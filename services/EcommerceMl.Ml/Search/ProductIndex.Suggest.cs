using System.Net;
using System.Text;

namespace EcommerceMl.Ml.Search;

/// <summary>Completions of a half-typed query, and a hit's text with its matches marked.</summary>
public sealed partial class ProductIndex
{
    /// <summary>How many words starting with the prefix are considered, the most common first.</summary>
    private const int SuggestionCandidates = 50;

    /// <summary>
    /// Completes the last word of <paramref name="text"/> from the catalogue's words ("blu" → "blue", "blush"); the words
    /// before it stay and narrow the completions to products holding all of them ("navy lin" → "navy linen" only if
    /// some navy product is linen). Ordered by how many products each completion finds, then alphabetically. Nothing
    /// when the text ends between words.
    /// </summary>
    public IReadOnlyList<SearchSuggestion> Suggest(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var end = text.Length;
        var start = end;
        while (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            start--;
        }

        if (start == end || limit == 0)
        {
            return [];
        }

        var prefix = SearchText.Fold(text[start..]);
        var before = text[..start];
        var narrowing = Narrowing(before);
        if (narrowing is { Count: 0 })
        {
            return [];
        }

        var candidates = new List<(string Word, int Products)>();
        var stems = new HashSet<int>();
        var ranked = WordsStartingWith(prefix).OrderByDescending(w => Postings(WordTerms[w]).Length).ThenBy(w => Words[w], StringComparer.Ordinal);
        foreach (var w in ranked.Where(w => stems.Add(WordTerms[w])).Take(SuggestionCandidates))
        {
            // One completion per stem ("bluebell", not "bluebells" too): both would find the same products.
            var postings = Postings(WordTerms[w]);
            var products = narrowing is null ? postings.Length : CountIn(postings, narrowing);
            if (products > 0)
            {
                candidates.Add((Words[w], products));
            }
        }

        return
        [
            .. candidates.OrderByDescending(c => c.Products).ThenBy(c => c.Word, StringComparer.Ordinal).Take(limit)
                .Select(c => new SearchSuggestion(before + c.Word, c.Products)),
        ];
    }

    /// <summary>
    /// The text of the first field (name, description, category, attributes) holding one of <paramref name="terms"/>,
    /// HTML-escaped, each matching word in <c>&lt;mark&gt;</c>; the name unmarked when none does.
    /// </summary>
    public SearchHighlight Highlight(int document, IReadOnlySet<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var doc = Documents[document];
        foreach (var field in (ReadOnlySpan<int>)[0, 2, 1, 3])
        {
            var text = doc.Field(field);
            var marked = SearchText.Tokenize(text).Where(t => terms.Contains(t.Stem)).ToList();
            if (marked.Count > 0)
            {
                return new SearchHighlight(SearchFieldOrder.At(field), Mark(text, marked));
            }
        }

        return new SearchHighlight(SearchFields.Name, WebUtility.HtmlEncode(doc.Name));
    }

    private static string Mark(string text, List<SearchToken> marked)
    {
        var html = new StringBuilder(text.Length + (marked.Count * 13));
        var at = 0;
        foreach (var token in marked)
        {
            html.Append(WebUtility.HtmlEncode(text[at..token.Start]))
                .Append("<mark>").Append(WebUtility.HtmlEncode(text.Substring(token.Start, token.Length))).Append("</mark>");
            at = token.Start + token.Length;
        }

        return html.Append(WebUtility.HtmlEncode(text[at..])).ToString();
    }

    private ReadOnlySpan<int> Postings(int term) => PostingDocuments.AsSpan(TermOffsets[term], TermOffsets[term + 1] - TermOffsets[term]);

    /// <summary>Indices of the words starting with <paramref name="prefix"/> (a range of the sorted words).</summary>
    private IEnumerable<int> WordsStartingWith(string prefix)
    {
        var first = Array.BinarySearch(Words, prefix, StringComparer.Ordinal);
        if (first < 0)
        {
            first = ~first;
        }

        for (var w = first; w < Words.Length && Words[w].StartsWith(prefix, StringComparison.Ordinal); w++)
        {
            yield return w;
        }
    }

    /// <summary>The products holding every word of <paramref name="text"/> (sorted); null when it has no words; empty when one is unknown.</summary>
    private List<int>? Narrowing(string text)
    {
        List<int>? documents = null;
        foreach (var stem in SearchText.Stems(text).Distinct(StringComparer.Ordinal))
        {
            if (!_termIds.TryGetValue(stem, out var term))
            {
                return [];
            }

            var postings = Postings(term);
            if (documents is null)
            {
                documents = [.. postings];
                continue;
            }

            var kept = new List<int>(documents.Count);
            foreach (var d in documents)
            {
                if (postings.BinarySearch(d) >= 0)
                {
                    kept.Add(d);
                }
            }

            documents = kept;
        }

        return documents;
    }

    private static int CountIn(ReadOnlySpan<int> postings, List<int> documents)
    {
        var count = 0;
        foreach (var d in documents)
        {
            if (postings.BinarySearch(d) >= 0)
            {
                count++;
            }
        }

        return count;
    }
}
