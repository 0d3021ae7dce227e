using EcommerceMl.Ml.Trees;
namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Early stopping for the two-stage ranker, done on the copied trees: score the early-stopping
/// customers' candidates tree by tree and keep the prefix of trees whose mean nDCG@k on them is
/// highest (the first such prefix on ties, so fewer trees win). The early-stopping customers are
/// never in the ranker's training rows, so this picks the tree count on data the trees never saw.
/// </summary>
internal static class RankerEarlyStopping
{
    /// <summary>The best number of trees (a multiple of <paramref name="step"/>, or all of them), and its mean nDCG@k.</summary>
    public static (int Trees, double Ndcg) BestTreeCount(TreeEnsemble ensemble, RankingRows validation, int k, int step)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var groups = GroupBounds(validation.Groups);
        if (groups.Count == 0)
        {
            return (ensemble.TreeCount, 0);
        }

        var scores = new double[validation.Count];
        Array.Fill(scores, ensemble.Bias);
        var (bestTrees, bestNdcg) = (0, MeanNdcg(scores, validation.Labels, groups, k));
        for (var t = 0; t < ensemble.TreeCount; t++)
        {
            for (var r = 0; r < scores.Length; r++)
            {
                scores[r] += ensemble.ScoreTree(t, validation.Rows[r]);
            }

            var trees = t + 1;
            if (trees % step == 0 || trees == ensemble.TreeCount)
            {
                var ndcg = MeanNdcg(scores, validation.Labels, groups, k);
                if (ndcg > bestNdcg)
                {
                    (bestTrees, bestNdcg) = (trees, ndcg);
                }
            }
        }

        return (bestTrees, bestNdcg);
    }

    /// <summary>Mean over groups of binary-gain nDCG@k of the rows ranked by score (ties keep row order); the ideal puts every positive label first.</summary>
    internal static double MeanNdcg(double[] scores, IReadOnlyList<float> labels, IReadOnlyList<(int Start, int End)> groups, int k)
    {
        var total = 0.0;
        var order = new List<int>();
        foreach (var (start, end) in groups)
        {
            order.Clear();
            order.AddRange(Enumerable.Range(start, end - start));
            order.Sort((a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
            double dcg = 0, ideal = 0;
            var positives = 0;
            for (var r = start; r < end; r++)
            {
                positives += labels[r] > 0 ? 1 : 0;
            }

            for (var i = 0; i < Math.Min(k, order.Count); i++)
            {
                var discount = 1 / Math.Log2(i + 2);
                dcg += labels[order[i]] > 0 ? discount : 0;
                ideal += i < positives ? discount : 0;
            }

            total += ideal > 0 ? dcg / ideal : 0;
        }

        return total / groups.Count;
    }

    /// <summary>[start, end) of each run of equal group ids.</summary>
    internal static List<(int Start, int End)> GroupBounds(IReadOnlyList<uint> groups)
    {
        var bounds = new List<(int, int)>();
        var start = 0;
        for (var r = 1; r <= groups.Count; r++)
        {
            if (r == groups.Count || groups[r] != groups[start])
            {
                bounds.Add((start, r));
                start = r;
            }
        }

        return bounds;
    }
}
