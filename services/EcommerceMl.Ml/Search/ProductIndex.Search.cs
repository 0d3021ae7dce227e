using System.Collections.Concurrent;

namespace EcommerceMl.Ml.Search;

/// <summary>Scoring: BM25 summed over the query's words, a typo-corrected word weighing <see cref="TypoWeight"/>.</summary>
public sealed partial class ProductIndex
{
    /// <summary>A match through a typo correction counts for less than the word as typed would have.</summary>
    public const float TypoWeight = 0.8f;

    // Accumulators over the catalogue, one per search in flight, reused: a search allocates only its answer. A pool, not
    // [ThreadStatic]: a busy server's thread pool starts and retires threads, and each new thread would allocate its own.
    private readonly ConcurrentBag<Scratch> _scratches = [];

    /// <summary>
    /// The products matching any of the query's words, the best <see cref="SearchQuery.Limit"/> first (ties by catalogue
    /// order). A word the catalogue does not hold, of <see cref="TypoMatcher.MinLength"/> letters or more, is searched as
    /// the catalogue words one edit away. With a <see cref="SearchQuery.Category"/>, only that category's products.
    /// </summary>
    public SearchResult Search(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        var category = -1;
        if (query.Category is { } name && !_categoryIds.TryGetValue(name, out category))
        {
            return SearchResult.Empty;
        }

        var (words, terms, corrections) = Analyse(query.Text);
        if (words.Count == 0)
        {
            return new SearchResult([], 0, terms, corrections);
        }

        var scratch = _scratches.TryTake(out var pooled) ? pooled : new Scratch(Count);
        try
        {
            foreach (var alternatives in words)
            {
                Accumulate(alternatives, category, scratch);
            }

            return new SearchResult(Top(scratch, query.Limit), scratch.Touched.Count, terms, corrections);
        }
        finally
        {
            scratch.Clear();
            _scratches.Add(scratch);
        }
    }

    /// <summary>
    /// Per distinct query word, the terms it is searched as with their weight: its own stem, or its typo neighbours' stems.
    /// A word that matches nothing is left out.
    /// </summary>
    private (List<(int Term, float Weight)[]> Words, HashSet<string> Terms, List<TypoCorrection> Corrections) Analyse(string text)
    {
        var words = new List<(int, float)[]>();
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var corrections = new List<TypoCorrection>();
        foreach (var token in SearchText.Tokenize(text))
        {
            if (!terms.Add(token.Stem))
            {
                continue;
            }

            if (_termIds.TryGetValue(token.Stem, out var term))
            {
                words.Add([(term, 1f)]);
                continue;
            }

            var neighbours = _typos.Neighbours(token.Word);
            if (neighbours.Count == 0)
            {
                continue;
            }

            var alternatives = neighbours.Select(w => WordTerms[w]).Distinct().Select(t => (t, TypoWeight)).ToArray();
            words.Add(alternatives);
            foreach (var (t, _) in alternatives)
            {
                terms.Add(Terms[t]);
            }

            corrections.Add(new TypoCorrection(token.Word, [.. neighbours.Select(w => Words[w])]));
        }

        return (words, terms, corrections);
    }

    /// <summary>Adds one query word's score to every product holding it (the best of its alternatives when corrected).</summary>
    private void Accumulate((int Term, float Weight)[] alternatives, int category, Scratch scratch)
    {
        var single = alternatives.Length == 1;
        foreach (var (term, weight) in alternatives)
        {
            var idf = _idf[term] * weight;
            for (var p = TermOffsets[term]; p < TermOffsets[term + 1]; p++)
            {
                var d = PostingDocuments[p];
                if (category >= 0 && _documentCategory[d] != category)
                {
                    continue;
                }

                var (score, fields) = TermScore(p, d, idf);
                if (scratch.Fields[d] == 0)
                {
                    scratch.Touched.Add(d);
                }

                scratch.Fields[d] |= (byte)fields;
                if (single)
                {
                    scratch.Score[d] += score;
                    scratch.MatchedTerms[d]++;
                }
                else
                {
                    if (scratch.WordMark[d] == 0)
                    {
                        scratch.WordMark[d] = 1;
                        scratch.WordTouched.Add(d);
                    }

                    scratch.WordScore[d] = Math.Max(scratch.WordScore[d], score);
                }
            }
        }

        // A corrected word counts once per product, with its best alternative.
        foreach (var d in scratch.WordTouched)
        {
            scratch.Score[d] += scratch.WordScore[d];
            scratch.MatchedTerms[d]++;
            scratch.WordScore[d] = 0;
            scratch.WordMark[d] = 0;
        }

        scratch.WordTouched.Clear();
    }

    /// <summary>BM25 of one posting, summed over the fields with their weights, and the fields it occurs in.</summary>
    private (float Score, SearchFields Fields) TermScore(int posting, int document, float idf)
    {
        var score = 0f;
        var fields = SearchFields.None;
        var k1 = (float)Settings.K1;
        for (var f = 0; f < Fields; f++)
        {
            var tf = PostingFrequencies[(posting * Fields) + f];
            if (tf == 0)
            {
                continue;
            }

            fields |= (SearchFields)(1 << f);
            score += _fieldWeights[f] * idf * (tf * (k1 + 1) / (tf + _lengthNorm[(document * Fields) + f]));
        }

        return (score, fields);
    }

    /// <summary>
    /// The best <paramref name="limit"/> touched documents, score descending then document ascending. The heap holds the
    /// best so far, worst on top; once it is full, a document that does not beat that worst is passed over with one
    /// comparison. Most of a query's matches never touch the heap, where pushing every match through it (an insertion
    /// and a removal of log(limit) steps each) was half of a search's CPU and grew with the limit (bench/results/search.md).
    /// </summary>
    private List<SearchHit> Top(Scratch scratch, int limit)
    {
        if (limit == 0)
        {
            return [];
        }

        var heap = new PriorityQueue<int, (float Score, int Document)>(limit, WorstFirst.Instance);
        (float Score, int Document) worst = default;
        foreach (var d in scratch.Touched)
        {
            var candidate = (scratch.Score[d], d);
            if (heap.Count < limit)
            {
                heap.Enqueue(d, candidate);
            }
            else if (Beats(candidate, worst))
            {
                heap.EnqueueDequeue(d, candidate);
            }
            else
            {
                continue;
            }

            if (heap.Count == limit)
            {
                heap.TryPeek(out _, out worst);
            }
        }

        var hits = new SearchHit[heap.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            var d = heap.Dequeue();
            var document = Documents[d];
            hits[i] = new SearchHit(d, document.ProductId, document.Name, document.Category, scratch.Score[d], (SearchFields)scratch.Fields[d], scratch.MatchedTerms[d]);
        }

        return [.. hits];
    }

    /// <summary>Whether <paramref name="x"/> ranks before <paramref name="y"/>: a higher score, or the same and earlier in the catalogue.</summary>
    private static bool Beats((float Score, int Document) x, (float Score, int Document) y) =>
        x.Score > y.Score || (x.Score == y.Score && x.Document < y.Document);

    /// <summary>The heap's order: the lowest score (then the later document) leaves first.</summary>
    private sealed class WorstFirst : IComparer<(float Score, int Document)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Score, int Document) x, (float Score, int Document) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Document.CompareTo(x.Document);
    }

    /// <summary>Accumulators over the catalogue for one search, cleared after it (only the entries it touched).</summary>
    private sealed class Scratch(int documents)
    {
        public float[] Score { get; } = new float[documents];

        public float[] WordScore { get; } = new float[documents];

        public byte[] WordMark { get; } = new byte[documents];

        /// <summary>Fields matched, as <see cref="SearchFields"/> bits; non-zero marks a touched document.</summary>
        public byte[] Fields { get; } = new byte[documents];

        public byte[] MatchedTerms { get; } = new byte[documents];

        public List<int> Touched { get; } = [];

        public List<int> WordTouched { get; } = [];

        public void Clear()
        {
            foreach (var d in Touched)
            {
                Score[d] = 0;
                Fields[d] = 0;
                MatchedTerms[d] = 0;
            }

            Touched.Clear();
        }
    }
}
