using System.Runtime.CompilerServices;

namespace EcommerceMl.Ml.Search;

/// <summary>
/// Upper bounds on what a word can add to a product's score, for pruning (MaxScore): per term, its best posting; per
/// block of <see cref="BlockSize"/> consecutive postings (of the whole postings array, so a block may straddle two
/// terms and bound both), the best posting in it. Computed once at load from the postings themselves: the model file
/// does not change.
/// </summary>
public sealed partial class ProductIndex
{
    private const int BlockShift = 6;

    /// <summary>Postings per block bound: small enough that a block of a common word rarely holds its best products.</summary>
    internal const int BlockSize = 1 << BlockShift;

    /// <summary>The largest BM25 score of term t's postings (field weights applied, typo weight not).</summary>
    private float[] _termBound = [];

    /// <summary>The largest BM25 score of the postings in block p / <see cref="BlockSize"/>.</summary>
    private float[] _blockBound = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeBounds()
    {
        _termBound = new float[Terms.Length];
        _blockBound = new float[(PostingDocuments.Length + BlockSize - 1) >> BlockShift];
        for (var t = 0; t < Terms.Length; t++)
        {
            var best = 0f;
            for (var p = TermOffsets[t]; p < TermOffsets[t + 1]; p++)
            {
                var (score, _) = TermScore(p, PostingDocuments[p], _idf[t]);
                best = Math.Max(best, score);
                _blockBound[p >> BlockShift] = Math.Max(_blockBound[p >> BlockShift], score);
            }

            _termBound[t] = best;
        }
    }
}
