using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace EcommerceMl.Ml.Search;

/// <summary>Scoring: BM25 summed over the query's words, a typo-corrected word weighing <see cref="TypoWeight"/>.</summary>
public sealed partial class ProductIndex
{
    /// <summary>A match through a typo correction counts for less than the word as typed would have.</summary>
    public const float TypoWeight = 0.8f;

    /// <summary>The mark of a product that matched but was not scored: it counts in the total, never in the top.</summary>
    private const byte CountedOnly = 0x80;

    /// <summary>
    /// Bounds are compared with this much to spare: a score summed in another order than its bound may differ in the
    /// last bits, and a product whose bound only ties the k-th best may still win the tie by catalogue order.
    /// </summary>
    private const float BoundSlack = 1.001f;

    // Accumulators over the catalogue, one per search in flight, reused: a search allocates only its answer. A pool, not
    // [ThreadStatic]: a busy server's thread pool starts and retires threads, and each new thread would allocate its own.
    private readonly ConcurrentBag<Scratch> _scratches = [];

    /// <summary>
    /// The products matching any of the query's words, the best <see cref="SearchQuery.Limit"/> first (ties by catalogue
    /// order). A word the catalogue does not hold, of <see cref="TypoMatcher.MinLength"/> letters or more, is searched as
    /// the catalogue words one edit away. With a <see cref="SearchQuery.Category"/>, only that category's products.
    /// <see cref="SearchResult.Total"/> counts every match, but only products that can still reach the top are scored
    /// (MaxScore pruning, <see cref="Accumulate"/>): the answer is the one scoring every match would give.
    /// </summary>
    public SearchResult Search(SearchQuery query) => Search(query, prune: true, out _);

    /// <param name="query">What to search.</param>
    /// <param name="prune">False scores every match: the reference the pruned search must equal (tests and bench).</param>
    /// <param name="scored">How many postings were scored: the work pruning saves.</param>
    internal SearchResult Search(SearchQuery query, bool prune, out int scored)
    {
        scored = 0;
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

        // The words that can add most go first: they lift the k-th best score early, so that the common words after
        // them, which can add little, need scoring only where that little still matters. The order is fixed by the
        // query alone, so pruned or not, a product's score is summed in the same order, to the same float.
        var ordered = words.Select(w => (Alternatives: w, Bound: WordBound(w))).OrderByDescending(w => w.Bound).ToList();
        var rest = new float[ordered.Count];
        for (var i = ordered.Count - 2; i >= 0; i--)
        {
            rest[i] = rest[i + 1] + ordered[i + 1].Bound;
        }

        var scratch = _scratches.TryTake(out var pooled) ? pooled : new Scratch(Count);
        try
        {
            var floor = float.NegativeInfinity;
            for (var i = 0; i < ordered.Count; i++)
            {
                var alternatives = ordered[i].Alternatives;
                if (alternatives.Length == 1 && prune && query.Limit > 0)
                {
                    var (term, weight) = alternatives[0];
                    var (last, alone) = (i == ordered.Count - 1, ordered.Count == 1 && weight == 1f);
                    if (!last || !TryAccumulateCommonLast(term, weight, floor, query.Limit, category, scratch, out floor))
                    {
                        floor = Accumulate(alternatives[0], rest[i], floor, last, alone, query.Limit, category, scratch);
                    }
                }
                else
                {
                    AccumulateEvery(alternatives, category, scratch);
                }
            }

            scored = scratch.Scored;
            return new SearchResult(Top(scratch, query.Limit), scratch.Total, terms, corrections);
        }
        finally
        {
            scratch.Clear();
            _scratches.Add(scratch);
        }
    }

    /// <summary>The most one query word can add to a product's score: its best alternative's best posting.</summary>
    private float WordBound((int Term, float Weight)[] alternatives)
    {
        var bound = 0f;
        foreach (var (term, weight) in alternatives)
        {
            bound = Math.Max(bound, _termBound[term] * weight);
        }

        return bound;
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

    /// <summary>
    /// Adds one query word (a single term, weighed as a typo correction or not) to the products holding it, skipping
    /// those it cannot lift into the top <paramref name="limit"/> (MaxScore): a product whose score so far, plus the best
    /// this word scores in the posting's block, plus the most the words after it can add (<paramref name="rest"/>), stays
    /// below <paramref name="floor"/> — the k-th best score so far, which the k-th best final score cannot be below — ends
    /// below the k-th best. Such a product is counted (it matched) but not scored, then or by any later word. A common
    /// word after rarer ones, or a common word alone once its blocks fall below the best found, thus costs a look-up per
    /// posting instead of a score. Returns the raised floor.
    /// </summary>
    /// <param name="last">No word follows: a product counted here needs no mark, since no later word can meet it again.</param>
    /// <param name="alone">The query's only word, unweighted: a product's score is its posting's, exactly as its block bound
    /// was computed, and every product on the floor came earlier in the catalogue, so a bound that only ties the floor
    /// cannot win either; without this, bounds keep <see cref="BoundSlack"/> to spare.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float Accumulate(
        (int Term, float Weight) word, float rest, float floor, bool last, bool alone, int limit, int category, Scratch scratch)
    {
        var (term, weight) = word;
        var idf = _idf[term] * weight;
        var best = scratch.Floor;
        best.Reset(limit);
        var score = scratch.Score;
        var marks = scratch.Fields;
        for (var p = TermOffsets[term]; p < TermOffsets[term + 1]; p++)
        {
            var d = PostingDocuments[p];
            if (category >= 0 && _documentCategory[d] != category)
            {
                continue;
            }

            var mark = marks[d];
            if (mark == CountedOnly)
            {
                continue;
            }

            var bound = (_blockBound[p >> BlockShift] * weight) + rest;
            if (mark == 0 ? (alone ? bound <= floor : bound * BoundSlack < floor) : (score[d] + bound) * BoundSlack < floor)
            {
                if (mark == 0 && last)
                {
                    scratch.CountedUnmarked++;
                }
                else if (mark == 0)
                {
                    marks[d] = CountedOnly;
                    scratch.Counted.Add(d);
                }

                continue;
            }

            var (add, fields) = TermScore(p, d, idf);
            scratch.Scored++;
            if (mark == 0)
            {
                scratch.Touched.Add(d);
            }

            marks[d] = (byte)(mark | (byte)fields);
            score[d] += add;
            scratch.MatchedTerms[d]++;
            best.Offer(score[d]);
            floor = Math.Max(floor, best.Value);
        }

        return floor;
    }

    /// <summary>
    /// Adds one query word's score to every product holding it, unpruned: a word corrected for a typo (the best of its
    /// alternatives, counted once per product), and every word when pruning is off.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateEvery((int Term, float Weight)[] alternatives, int category, Scratch scratch)
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
                scratch.Scored++;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            hits[i] = new SearchHit(
                d, document.ProductId, document.Name, document.Category, scratch.Score[d], (SearchFields)(scratch.Fields[d] & ~CountedOnly), scratch.MatchedTerms[d]);
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
        /// <summary>How many products matched: those scored and those only counted.</summary>
        public int Total => Touched.Count + Counted.Count + CountedUnmarked;

        public float[] Score { get; } = new float[documents];

        public float[] WordScore { get; } = new float[documents];

        public byte[] WordMark { get; } = new byte[documents];

        /// <summary>Fields matched, as <see cref="SearchFields"/> bits, or <see cref="CountedOnly"/>; non-zero marks a match.</summary>
        public byte[] Fields { get; } = new byte[documents];

        public byte[] MatchedTerms { get; } = new byte[documents];

        /// <summary>The products scored when first met (each once): the ones ranked.</summary>
        public List<int> Touched { get; } = [];

        /// <summary>
        /// The products that matched but were not scored when first met (each once): a later word may add to their score,
        /// but they cannot reach the top, so they are not ranked.
        /// </summary>
        public List<int> Counted { get; } = [];

        public List<int> WordTouched { get; } = [];

        public ScoreFloor Floor { get; } = new();

        /// <summary>Products matched, as bits, while a common word is settled; all clear otherwise.</summary>
        public ulong[] Matched { get; } = new ulong[(documents + 63) >> 6];

        /// <summary>Products counted by the last word, unmarked: no word after it could meet them again.</summary>
        public int CountedUnmarked { get; set; }

        public int Scored { get; set; }

        public void Clear()
        {
            foreach (var d in Touched)
            {
                Score[d] = 0;
                Fields[d] = 0;
                MatchedTerms[d] = 0;
            }

            Touched.Clear();
            foreach (var d in Counted)
            {
                Score[d] = 0;
                Fields[d] = 0;
                MatchedTerms[d] = 0;
            }

            Counted.Clear();
            CountedUnmarked = 0;
            Scored = 0;
        }
    }
}
