namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Picks the best k of n candidates by (score descending, tie-break ascending) in O(n log k),
/// with a bounded min-heap whose root is the worst kept candidate (<see cref="TopKHeap"/>). Used per
/// product when pruning neighbours and per request when ranking, where sorting everything would
/// waste most of the work.
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

        var heap = new TopKHeap(Math.Min(k, scores.Length));
        for (var i = 0; i < scores.Length; i++)
        {
            if (!(scores[i] < heap.Threshold))
            {
                heap.Offer(i, scores[i], tieBreak[i]);
            }
        }

        return heap.BestFirst();
    }
}

/// <summary>
/// The best <c>k</c> candidates offered so far, by (score descending, tie-break ascending) — a ranking
/// fed piece by piece (a block of customers scored one tile of products at a time) ends with exactly
/// the candidates <see cref="TopK.Select"/> would pick from all of them at once.
/// </summary>
internal sealed class TopKHeap
{
    private readonly int _keep;
    private readonly PriorityQueue<int, (float Score, int Tie)> _heap;

    public TopKHeap(int keep)
    {
        _keep = Math.Max(0, keep);
        _heap = new PriorityQueue<int, (float Score, int Tie)>(_keep, WorstFirst.Instance);
        Threshold = _keep == 0 ? float.PositiveInfinity : float.NegativeInfinity;
    }

    /// <summary>
    /// A candidate scoring below this cannot enter (the worst kept score once the heap is full, −∞
    /// before): callers skip <see cref="Offer"/> for <c>score &lt; Threshold</c>, which is nearly every
    /// candidate of a long list, at the cost of one float comparison. NaN is never below it, so it
    /// reaches the full comparison, where it ranks last as before.
    /// </summary>
    public float Threshold { get; private set; }

    public void Offer(int position, float score, int tie)
    {
        if (_keep == 0)
        {
            return;
        }

        var priority = (score, tie);
        if (_heap.Count < _keep)
        {
            _heap.Enqueue(position, priority);
        }
        else if (_heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(priority, worst) > 0)
        {
            _heap.DequeueEnqueue(position, priority);
        }
        else
        {
            return;
        }

        if (_heap.Count == _keep && _heap.TryPeek(out _, out var root))
        {
            Threshold = root.Score;
        }
    }

    /// <summary>The kept positions, best first (empties the heap).</summary>
    public int[] BestFirst()
    {
        var best = new int[_heap.Count];
        for (var r = best.Length - 1; r >= 0; r--)
        {
            best[r] = _heap.Dequeue();
        }

        return best;
    }

    /// <summary>The kept positions with their scores, best first (empties the heap).</summary>
    public (int Position, float Score)[] RankedBestFirst()
    {
        var best = new (int, float)[_heap.Count];
        for (var r = best.Length - 1; r >= 0; r--)
        {
            _heap.TryDequeue(out var position, out var priority);
            best[r] = (position, priority.Score);
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
