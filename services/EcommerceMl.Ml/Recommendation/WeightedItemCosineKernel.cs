namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Item-item cosine on a weighted actor × product matrix (<see cref="ImplicitFeedback"/>):
/// score(i, j) = Σ_u w_ui·w_uj / (‖w_i‖·‖w_j‖ + shrinkage), with the co-interacting actors counted for
/// <see cref="ItemCosineOptions.MinCoBuyers"/> and reported as co-buyers. On a binary matrix it is
/// <see cref="ItemCosineKernel"/>'s score up to float rounding; the recommender takes that kernel for the binary
/// case, so results without implicit feedback stay exactly what they were. Same shape as that kernel: each product's
/// row accumulated from its actors' lists, scored and pruned to its top neighbours at once, in parallel.
/// </summary>
public static class WeightedItemCosineKernel
{
    public static ItemNeighbours Fit(int productCount, WeightedInteractions matrix, ItemCosineOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Neighbors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinCoBuyers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Shrinkage);

        var (actorOffsets, actors, actorWeights) = Transpose(productCount, matrix);
        var norms = new double[productCount];
        for (var i = 0; i < productCount; i++)
        {
            var sum = 0.0;
            for (var a = actorOffsets[i]; a < actorOffsets[i + 1]; a++)
            {
                sum += (double)actorWeights[a] * actorWeights[a];
            }

            norms[i] = Math.Sqrt(sum);
        }

        var rows = new (int[] Neighbour, float[] Score, int[] CoBuyers)[productCount];
        var done = 0;
        var reportEvery = Math.Max(1, productCount / 20);
        Parallel.For(
            0,
            productCount,
            () => new Scratch(productCount),
            (i, _, scratch) =>
            {
                rows[i] = PrunedRow(i, matrix, actorOffsets, actors, actorWeights, norms, options, scratch);
                if (progress is not null && Interlocked.Increment(ref done) % reportEvery == 0)
                {
                    progress.Report(0.9 * done / productCount);
                }

                return scratch;
            },
            static _ => { });

        var offsets = new int[productCount + 1];
        for (var i = 0; i < productCount; i++)
        {
            offsets[i + 1] = offsets[i] + rows[i].Neighbour.Length;
        }

        var (neighbour, scores, coBuyers) = (new int[offsets[^1]], new float[offsets[^1]], new int[offsets[^1]]);
        for (var i = 0; i < productCount; i++)
        {
            rows[i].Neighbour.CopyTo(neighbour, offsets[i]);
            rows[i].Score.CopyTo(scores, offsets[i]);
            rows[i].CoBuyers.CopyTo(coBuyers, offsets[i]);
        }

        progress?.Report(1.0);
        return new ItemNeighbours(offsets, neighbour, scores, coBuyers);
    }

    private static (int[] Neighbour, float[] Score, int[] CoBuyers) PrunedRow(
        int i, WeightedInteractions matrix, int[] actorOffsets, int[] actors, float[] actorWeights, double[] norms, ItemCosineOptions options, Scratch scratch)
    {
        var (dots, counts, touched) = (scratch.Dots, scratch.Counts, scratch.Touched);
        for (var a = actorOffsets[i]; a < actorOffsets[i + 1]; a++)
        {
            var (u, wi) = (actors[a], (double)actorWeights[a]);
            for (var p = matrix.Offsets[u]; p < matrix.Offsets[u + 1]; p++)
            {
                var j = matrix.Items[p];
                if (j == i)
                {
                    continue;
                }

                if (counts[j]++ == 0)
                {
                    touched.Add(j);
                }

                dots[j] += wi * matrix.Weights[p];
            }
        }

        var n = 0;
        foreach (var j in touched)
        {
            var (co, dot) = (counts[j], dots[j]);
            (counts[j], dots[j]) = (0, 0);
            if (co < options.MinCoBuyers)
            {
                continue;
            }

            scratch.Candidate[n] = j;
            scratch.CoBuyers[n] = co;
            scratch.Score[n] = (float)(dot / ((norms[i] * norms[j]) + options.Shrinkage));
            n++;
        }

        touched.Clear();
        var best = TopK.Select(scratch.Score.AsSpan(0, n), scratch.Candidate.AsSpan(0, n), options.Neighbors);
        var row = (new int[best.Length], new float[best.Length], new int[best.Length]);
        for (var r = 0; r < best.Length; r++)
        {
            row.Item1[r] = scratch.Candidate[best[r]];
            row.Item2[r] = scratch.Score[best[r]];
            row.Item3[r] = scratch.CoBuyers[best[r]];
        }

        return row;
    }

    /// <summary>Product → the actors who interacted with it, with the entry's weight.</summary>
    private static (int[] Offsets, int[] Actors, float[] Weights) Transpose(int productCount, WeightedInteractions matrix)
    {
        var offsets = new int[productCount + 1];
        foreach (var item in matrix.Items)
        {
            offsets[item + 1]++;
        }

        for (var i = 0; i < productCount; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var (actors, weights) = (new int[matrix.Items.Length], new float[matrix.Items.Length]);
        for (var u = 0; u < matrix.Rows; u++)
        {
            for (var p = matrix.Offsets[u]; p < matrix.Offsets[u + 1]; p++)
            {
                var slot = next[matrix.Items[p]]++;
                (actors[slot], weights[slot]) = (u, matrix.Weights[p]);
            }
        }

        return (offsets, actors, weights);
    }

    private sealed class Scratch(int productCount)
    {
        public double[] Dots { get; } = new double[productCount];

        public int[] Counts { get; } = new int[productCount];

        public List<int> Touched { get; } = [];

        public int[] Candidate { get; } = new int[productCount];

        public float[] Score { get; } = new float[productCount];

        public int[] CoBuyers { get; } = new int[productCount];
    }
}
