namespace EcommerceMl.Ml.Search;

/// <summary>Builds a <see cref="ProductIndex"/> from the catalogue: every field analysed by <see cref="SearchText"/>.</summary>
public static class ProductIndexBuilder
{
    private const int Fields = SearchFieldOrder.Count;

    public static ProductIndex Build(IReadOnlyList<SearchDocument> documents, Bm25Settings settings)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(settings);
        var duplicate = documents.GroupBy(d => d.ProductId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Product '{duplicate.Key}' is in the catalogue more than once.", nameof(documents));
        }

        // Postings in document order, each (term in first-seen numbering, document, a count per field); sorted by term below.
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        var wordStems = new Dictionary<string, string>(StringComparer.Ordinal);
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var postingTerms = new List<int>();
        var postingDocuments = new List<int>();
        var frequencies = new List<byte>();
        var inDocument = new Dictionary<int, int>();
        var lengths = new ushort[documents.Count * Fields];
        for (var d = 0; d < documents.Count; d++)
        {
            inDocument.Clear();
            for (var f = 0; f < Fields; f++)
            {
                var tokens = SearchText.Tokenize(documents[d].Field(f), stems);
                lengths[(d * Fields) + f] = (ushort)Math.Min(tokens.Count, ushort.MaxValue);
                foreach (var token in tokens)
                {
                    wordStems.TryAdd(token.Word, token.Stem);
                    if (!termIds.TryGetValue(token.Stem, out var term))
                    {
                        termIds[token.Stem] = term = termIds.Count;
                    }

                    if (!inDocument.TryGetValue(term, out var posting))
                    {
                        inDocument[term] = posting = postingTerms.Count;
                        postingTerms.Add(term);
                        postingDocuments.Add(d);
                        for (var i = 0; i < Fields; i++)
                        {
                            frequencies.Add(0);
                        }
                    }

                    var at = (posting * Fields) + f;
                    frequencies[at] = (byte)Math.Min(frequencies[at] + 1, byte.MaxValue);
                }
            }
        }

        // Terms sorted; postings grouped by term with a counting sort, which keeps each term's documents ascending.
        var terms = termIds.Keys.Order(StringComparer.Ordinal).ToArray();
        var rank = new int[terms.Length];
        for (var t = 0; t < terms.Length; t++)
        {
            rank[termIds[terms[t]]] = t;
        }

        var offsets = new int[terms.Length + 1];
        foreach (var term in postingTerms)
        {
            offsets[rank[term] + 1]++;
        }

        for (var t = 0; t < terms.Length; t++)
        {
            offsets[t + 1] += offsets[t];
        }

        var next = offsets[..^1];
        var sortedDocuments = new int[postingTerms.Count];
        var sortedFrequencies = new byte[postingTerms.Count * Fields];
        for (var p = 0; p < postingTerms.Count; p++)
        {
            var to = next[rank[postingTerms[p]]]++;
            sortedDocuments[to] = postingDocuments[p];
            for (var f = 0; f < Fields; f++)
            {
                sortedFrequencies[(to * Fields) + f] = frequencies[(p * Fields) + f];
            }
        }

        var words = wordStems.Keys.Order(StringComparer.Ordinal).ToArray();
        var wordTerms = Array.ConvertAll(words, w => rank[termIds[wordStems[w]]]);
        return new ProductIndex(documents, settings, terms, offsets, sortedDocuments, sortedFrequencies, lengths, words, wordTerms);
    }
}
