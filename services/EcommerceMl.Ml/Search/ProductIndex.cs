namespace EcommerceMl.Ml.Search;

/// <summary>
/// The first-stage retriever: an inverted index over the catalogue's four fields (name, category, description,
/// attributes), scored with BM25. Compact and immutable: the terms (stems) sorted, one postings list per term
/// (document numbers ascending, a term frequency byte per field), each document's field lengths, and the catalogue's
/// words as written (for typo correction and completions). Thread-safe; <see cref="Search"/> allocates only its answer.
/// Built by <see cref="ProductIndexBuilder"/>, stored by <see cref="ProductIndexFile"/>.
/// </summary>
public sealed partial class ProductIndex
{
    private const int Fields = SearchFieldOrder.Count;

    private readonly Dictionary<string, int> _documentIds;
    private readonly Dictionary<string, int> _termIds;
    private readonly Dictionary<string, int> _wordIds;
    private readonly Dictionary<string, int> _categoryIds;
    private readonly int[] _documentCategory;
    private readonly float[] _idf;
    private readonly float[] _lengthNorm;
    private readonly float[] _fieldWeights;
    private readonly TypoMatcher _typos;

    internal ProductIndex(
        IReadOnlyList<SearchDocument> documents,
        Bm25Settings settings,
        string[] terms,
        int[] termOffsets,
        int[] postingDocuments,
        byte[] postingFrequencies,
        ushort[] fieldLengths,
        string[] words,
        int[] wordTerms)
    {
        Documents = documents;
        Settings = settings;
        Terms = terms;
        TermOffsets = termOffsets;
        PostingDocuments = postingDocuments;
        PostingFrequencies = postingFrequencies;
        FieldLengths = fieldLengths;
        Words = words;
        WordTerms = wordTerms;

        _documentIds = Index([.. documents.Select(d => d.ProductId)]);
        _termIds = Index(terms);
        _wordIds = Index(words);
        _categoryIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        _documentCategory = new int[documents.Count];
        for (var d = 0; d < documents.Count; d++)
        {
            _documentCategory[d] = _categoryIds.TryGetValue(documents[d].Category, out var id) ? id : _categoryIds[documents[d].Category] = _categoryIds.Count;
        }

        _idf = new float[terms.Length];
        for (var t = 0; t < terms.Length; t++)
        {
            // Lucene's BM25 idf: never negative, however common the term.
            var df = termOffsets[t + 1] - termOffsets[t];
            _idf[t] = (float)Math.Log(1 + ((documents.Count - df + 0.5) / (df + 0.5)));
        }

        _lengthNorm = LengthNorms(documents.Count, fieldLengths, settings);
        _fieldWeights = [.. settings.FieldWeights.Select(w => (float)w)];
        _typos = new TypoMatcher(words);
        ComputeBounds();
        ComputeCommonBits();
    }

    public IReadOnlyList<SearchDocument> Documents { get; }

    public Bm25Settings Settings { get; }

    public int Count => Documents.Count;

    /// <summary>The distinct stems, sorted ordinally.</summary>
    internal string[] Terms { get; }

    /// <summary>Term t's postings are entries TermOffsets[t]..TermOffsets[t+1] of the postings arrays.</summary>
    internal int[] TermOffsets { get; }

    internal int[] PostingDocuments { get; }

    /// <summary><see cref="SearchFieldOrder.Count"/> bytes per posting: the term's count in each field, capped at 255.</summary>
    internal byte[] PostingFrequencies { get; }

    /// <summary><see cref="SearchFieldOrder.Count"/> per document: its number of words in each field, capped at 65,535.</summary>
    internal ushort[] FieldLengths { get; }

    /// <summary>The catalogue's words as written (folded, stop words left out), sorted ordinally.</summary>
    internal string[] Words { get; }

    /// <summary>Each word's stem, as a term number.</summary>
    internal int[] WordTerms { get; }

    /// <summary>The document number of <paramref name="productId"/>, or -1.</summary>
    public int DocumentOf(string productId) => _documentIds.TryGetValue(productId, out var d) ? d : -1;

    /// <summary>How many products hold <paramref name="term"/> (a stem) in any field.</summary>
    public int DocumentFrequency(string term) => _termIds.TryGetValue(term, out var t) ? TermOffsets[t + 1] - TermOffsets[t] : 0;

    private static Dictionary<string, int> Index(string[] values)
    {
        var index = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            index[values[i]] = i;
        }

        return index;
    }

    /// <summary>BM25's k1·(1 − b + b·length/average) per document and field, computed once.</summary>
    private static float[] LengthNorms(int documents, ushort[] lengths, Bm25Settings settings)
    {
        var average = new double[Fields];
        for (var d = 0; d < documents; d++)
        {
            for (var f = 0; f < Fields; f++)
            {
                average[f] += lengths[(d * Fields) + f];
            }
        }

        for (var f = 0; f < Fields; f++)
        {
            average[f] = documents == 0 || average[f] == 0 ? 1 : average[f] / documents;
        }

        var norms = new float[lengths.Length];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = (float)(settings.K1 * (1 - settings.B + (settings.B * lengths[i] / average[i % Fields])));
        }

        return norms;
    }
}
