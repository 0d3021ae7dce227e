namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The CG half-iteration of <see cref="AlsKernel"/> one target row at a time, its observed partners'
/// factor rows gathered by index: for the side with more rows (customers against a catalogue), whose
/// partners' factors are few enough to stay in cache. Rows run in parallel over ranges of equal work
/// (<see cref="AlsPartitions"/>), each worker with its own scratch vectors.
/// </summary>
internal static class AlsRowSolver
{
    // Observed rows are taken this many at a time (dot products, then their weighted sum), so a chunk's
    // rows are still in the L1 cache for the second pass.
    private const int ChunkRows = 64;

    /// <summary>
    /// Updates every row t of <paramref name="target"/> by <paramref name="steps"/> CG steps, starting
    /// from its current value, towards the exact least-squares solution given <paramref name="fixedFactors"/>.
    /// Row t's observed partners are <c>partners[offsets[t]..offsets[t + 1]]</c>; rows are the Gram
    /// matrix's stride long.
    /// </summary>
    public static void Solve(float[] target, float[] fixedFactors, AlsGram gram, int[] offsets, int[] partners, float confidence, int steps)
    {
        var stride = gram.Stride;
        var ranges = AlsPartitions.Balanced(offsets, RowCost(stride), 16 * Environment.ProcessorCount);
        Parallel.For(
            0,
            ranges.Length - 1,
            () => new Scratch(stride),
            (part, _, scratch) =>
            {
                for (var t = ranges[part]; t < ranges[part + 1]; t++)
                {
                    SolveRow(target.AsSpan(t * stride, stride), fixedFactors, gram, partners.AsSpan(offsets[t], offsets[t + 1] - offsets[t]), confidence, steps, scratch);
                }

                return scratch;
            },
            _ => { });
    }

    private static void SolveRow(Span<float> x, float[] fixedFactors, AlsGram gram, ReadOnlySpan<int> observed, float confidence, int steps, Scratch scratch)
    {
        var stride = gram.Stride;
        var r = scratch.Residual;
        var p = scratch.Direction;
        var ap = scratch.Product;

        // r = b − A·x = −(FᵀF + λI)·x + Σ_obs (c − (c − 1)·f·x)·f
        gram.Multiply(x, r);
        AlsSimd.MultiplyAdd(r, -1, scratch.Zero, r);
        AddObserved(fixedFactors, observed, x, confidence, -(confidence - 1), r, stride, scratch.Weights);

        r.CopyTo(p, 0);
        var rsOld = AlsSimd.Dot(r, r);
        if (rsOld < AlsKernel.Converged)
        {
            return;
        }

        for (var step = 0; step < steps; step++)
        {
            // A·p = (FᵀF + λI)·p + Σ_obs (c − 1)·(f·p)·f
            gram.Multiply(p, ap);
            AddObserved(fixedFactors, observed, p, 0, confidence - 1, ap, stride, scratch.Weights);

            var curvature = AlsSimd.Dot(p, ap);
            if (!(curvature > 0))
            {
                return; // p is numerically zero: nothing left to gain
            }

            var alpha = rsOld / curvature;
            AlsSimd.MultiplyAdd(p, alpha, x, x);
            AlsSimd.MultiplyAdd(ap, -alpha, r, r);
            var rsNew = AlsSimd.Dot(r, r);
            if (rsNew < AlsKernel.Converged)
            {
                return;
            }

            // p = r + (rsNew / rsOld)·p
            AlsSimd.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }

    /// <summary>result += Σ_obs (constant + slope·(f·v))·f, a chunk of observed rows at a time.</summary>
    private static void AddObserved(float[] fixedFactors, ReadOnlySpan<int> observed, ReadOnlySpan<float> v, float constant, float slope, Span<float> result, int stride, float[] weights)
    {
        for (var start = 0; start < observed.Length; start += ChunkRows)
        {
            var chunk = observed.Slice(start, Math.Min(ChunkRows, observed.Length - start));
            AlsSimd.AffineOfDots(fixedFactors, chunk, v, constant, slope, weights, stride);
            AlsSimd.AddWeightedRows(fixedFactors, chunk, weights, result, stride);
        }
    }

    /// <summary>
    /// A row's work in units of one observed partner (a dot product and a weighted add of one row, per
    /// CG step): the Gram product costs about stride / 2 of those, the vector updates a few more.
    /// </summary>
    private static int RowCost(int stride) => (stride / 2) + 4;

    /// <summary>One worker's vectors: no allocation per row.</summary>
    private sealed class Scratch(int stride)
    {
        public float[] Residual { get; } = new float[stride];

        public float[] Direction { get; } = new float[stride];

        public float[] Product { get; } = new float[stride];

        public float[] Zero { get; } = new float[stride];

        public float[] Weights { get; } = new float[ChunkRows];
    }
}
