using System.Numerics;
using System.Runtime.CompilerServices;

namespace EcommerceMl.Ml.Search;

/// <summary>
/// The commonest words ("large" in half a catalogue) as bit sets over the products, so that such a word, last in a
/// query and too weak to lift a product it meets alone into the top, is settled without walking its postings: the
/// products it adds to the total are counted by bit set arithmetic, and only the products already scored that it could
/// still lift are looked up in its postings.
/// </summary>
public sealed partial class ProductIndex
{
    /// <summary>A term in at least this share of the products gets a bit set: at most 8 × (terms per product) of them.</summary>
    private const int CommonShare = 8;

    /// <summary>Per term, its products as bits, or null when it is not common.</summary>
    private ulong[]?[] _commonBits = [];

    private void ComputeCommonBits()
    {
        _commonBits = new ulong[]?[Terms.Length];
        for (var t = 0; t < Terms.Length; t++)
        {
            if ((TermOffsets[t + 1] - TermOffsets[t]) * CommonShare < Count)
            {
                continue;
            }

            var bits = new ulong[(Count + 63) >> 6];
            foreach (var d in Postings(t))
            {
                bits[d >> 6] |= 1UL << d;
            }

            _commonBits[t] = bits;
        }
    }

    /// <summary>
    /// The last word of a query, when it is common and its best posting (with <paramref name="weight"/>) could not lift a
    /// product it meets alone to <paramref name="floor"/>: what <see cref="Accumulate"/> would do, in time proportional to
    /// the products matched so far rather than to the word's postings. False (nothing done) when that does not hold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryAccumulateCommonLast(int term, float weight, float floor, int limit, int category, Scratch scratch, out float raised)
    {
        raised = floor;
        var bits = _commonBits[term];
        if (bits is null || category >= 0 || _termBound[term] * weight * BoundSlack >= floor)
        {
            return false;
        }

        // Products it adds to the total: its own, less those matched already.
        var matched = scratch.Matched;
        foreach (var d in scratch.Touched)
        {
            matched[d >> 6] |= 1UL << d;
        }

        foreach (var d in scratch.Counted)
        {
            matched[d >> 6] |= 1UL << d;
        }

        var added = 0;
        for (var i = 0; i < bits.Length; i++)
        {
            added += BitOperations.PopCount(bits[i] & ~matched[i]);
        }

        Array.Clear(matched);
        scratch.CountedUnmarked += added;

        // Products scored already that it could still lift: found in its postings by binary search.
        var idf = _idf[term] * weight;
        var postings = Postings(term);
        var best = scratch.Floor;
        best.Reset(limit);
        var score = scratch.Score;
        var bound = _termBound[term] * weight;
        foreach (var d in scratch.Touched)
        {
            if ((bits[d >> 6] & (1UL << d)) == 0 || (score[d] + bound) * BoundSlack < floor)
            {
                continue;
            }

            var p = TermOffsets[term] + postings.BinarySearch(d);
            var (add, fields) = TermScore(p, d, idf);
            scratch.Scored++;
            scratch.Fields[d] |= (byte)fields;
            score[d] += add;
            scratch.MatchedTerms[d]++;
            best.Offer(score[d]);
            floor = Math.Max(floor, best.Value);
        }

        raised = floor;
        return true;
    }
}
