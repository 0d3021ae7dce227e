namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Picks the best k of n candidates by (score descending, tie-break ascending) in O(n log k),
/// with a bounded min-heap whose root is the worst kept candidate. Used per product when pruning
/// neighbours and per request when ranking, where sorting everything would waste most of the work.
/// </summary>
internal static class TopK
{
    /// <summary>Positions into <paramref name="scores"/> of the best <paramref name="k"/>, best first.</summary>
    public static int[] Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> tieBreak, int k)
    {
        if (tieBreak.Length != scores.Length)
        {
            throw new ArgumentException("Every candidate needs a tie-break key.", nameof(tieBreak));
        }

        var keep = Math.Min(k, scores.Length);
        if (keep <= 0)
        {
            return [];
        }

        var heap = new PriorityQueue<int, (float Score, int Tie)>(keep, WorstFirst.Instance);
        for (var i = 0; i < scores.Length; i++)
        {
            var priority = (scores[i], tieBreak[i]);
            if (heap.Count < keep)
            {
                heap.Enqueue(i, priority);
            }
            else if (heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(priority, worst) > 0)
            {
                heap.DequeueEnqueue(i, priority);
            }
        }

        var best = new int[heap.Count];
        for (var r = best.Length - 1; r >= 0; r--)
        {
            best[r] = heap.Dequeue();
        }

        return best;
    }

    /// <summary>Orders worse candidates first: lower score, then (on equal score) the larger tie-break key.</summary>
    private sealed class WorstFirst : IComparer<(float Score, int Tie)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Score, int Tie) x, (float Score, int Tie) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Tie.CompareTo(x.Tie);
        }
    }
}
