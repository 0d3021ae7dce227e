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

        // Per term, its postings in document order: (document, count per field).
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var postings = new List<List<(int Document, byte[] Frequencies)>>();
        var wordStems = new Dictionary<string, string>(StringComparer.Ordinal);
        var lengths = new ushort[documents.Count * Fields];
        for (var d = 0; d < documents.Count; d++)
        {
            for (var f = 0; f < Fields; f++)
            {
                var tokens = SearchText.Tokenize(documents[d].Field(f));
                lengths[(d * Fields) + f] = (ushort)Math.Min(tokens.Count, ushort.MaxValue);
                foreach (var token in tokens)
                {
                    wordStems.TryAdd(token.Word, token.Stem);
                    if (!termIds.TryGetValue(token.Stem, out var term))
                    {
                        term = termIds[token.Stem] = postings.Count;
                        postings.Add([]);
                    }

                    var list = postings[term];
                    if (list.Count == 0 || list[^1].Document != d)
                    {
                        list.Add((d, new byte[Fields]));
                    }

                    var frequencies = list[^1].Frequencies;
                    frequencies[f] = (byte)Math.Min(frequencies[f] + 1, byte.MaxValue);
                }
            }
        }

        var terms = termIds.Keys.Order(StringComparer.Ordinal).ToArray();
        var offsets = new int[terms.Length + 1];
        var total = postings.Sum(p => p.Count);
        var postingDocuments = new int[total];
        var postingFrequencies = new byte[total * Fields];
        var at = 0;
        for (var t = 0; t < terms.Length; t++)
        {
            offsets[t] = at;
            foreach (var (document, frequencies) in postings[termIds[terms[t]]])
            {
                postingDocuments[at] = document;
                frequencies.CopyTo(postingFrequencies, at * Fields);
                at++;
            }
        }

        offsets[^1] = at;
        var sortedTerms = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var t = 0; t < terms.Length; t++)
        {
            sortedTerms[terms[t]] = t;
        }

        var words = wordStems.Keys.Order(StringComparer.Ordinal).ToArray();
        var wordTerms = Array.ConvertAll(words, w => sortedTerms[wordStems[w]]);
        return new ProductIndex(documents, settings, terms, offsets, postingDocuments, postingFrequencies, lengths, words, wordTerms);
    }
}
