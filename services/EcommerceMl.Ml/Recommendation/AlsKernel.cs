namespace EcommerceMl.Ml.Recommendation;

/// <summary>Hyperparameters of implicit ALS (see <see cref="AlsKernel"/>).</summary>
/// <param name="Alpha">Confidence of an observed purchase is 1 + alpha (Hu, Koren, Volinsky 2008, binary r).</param>
/// <param name="CgSteps">Conjugate-gradient steps per row per half-iteration, warm-started from the last solution.</param>
internal sealed record AlsOptions(int Factors, int Iterations, double Regularization, double Alpha, int CgSteps, int Seed);

/// <summary>
/// Implicit-feedback ALS (Hu, Koren, Volinsky 2008): minimise Σ c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²)
/// with p_ui = 1 for a purchase (c_ui = 1 + α) and 0 otherwise (c_ui = 1). Each half-iteration fixes one
/// side F and updates every row t of the other by a few conjugate-gradient steps (Takács et al. 2011,
/// as the <c>implicit</c> library does) on (FᵀF + λI + Σ_obs (c−1) f fᵀ) t = Σ_obs c f — never forming the
/// per-row matrix: FᵀF is shared, and the observed rows enter through dot products.
/// </summary>
/// <remarks>
/// Internally every factor row is zero-padded to <see cref="AlsSimd.Stride"/> floats (the padding stays
/// zero through every step: the Gram matrix has zero padding rows and columns, so the residual's padding
/// is zero). Rows run in parallel over ranges of equal work (<see cref="AlsPartitions"/>), each with its
/// own scratch; the loops are <see cref="AlsSimd"/>'s.
/// </remarks>
internal static class AlsKernel
{
    // Below this squared residual a row's solve is done (as implicit's 1e-20 cut-off).
    private const float Converged = 1e-20f;

    // Observed rows are taken this many at a time (dot products, then their weighted sum), so a chunk's
    // rows are still in the L1 cache for the second pass.
    private const int ChunkRows = 64;

    /// <summary>Row-major user (customers × factors) and item (products × factors) factors.</summary>
    public static (float[] Users, float[] Items) Fit(int customerCount, int productCount, int[] customerOffsets, int[] customerItems, AlsOptions options, IProgress<double>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (itemOffsets, itemCustomers) = Transpose(productCount, customerOffsets, customerItems);
        var f = options.Factors;
        var stride = AlsSimd.Stride(f);
        var users = Initialize(customerCount, f, options.Seed, stride);
        var items = Initialize(productCount, f, options.Seed + 1, stride);
        var confidence = (float)(1 + options.Alpha);
        var userRanges = AlsPartitions.Balanced(customerOffsets, RowCost(stride), Parts());
        var itemRanges = AlsPartitions.Balanced(itemOffsets, RowCost(stride), Parts());
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            ConjugateGradientStep(users, items, Gram(items, stride, f, options.Regularization), customerOffsets, customerItems, confidence, stride, options.CgSteps, userRanges);
            ConjugateGradientStep(items, users, Gram(users, stride, f, options.Regularization), itemOffsets, itemCustomers, confidence, stride, options.CgSteps, itemRanges);
            progress?.Report((iteration + 1) / (double)options.Iterations);
        }

        return (Unpad(users, f, stride), Unpad(items, f, stride));
    }

    /// <summary>Uniform [0, 0.01) starting factors from the seed (small, so early scores do not saturate), rows of <paramref name="stride"/> floats.</summary>
    internal static float[] Initialize(int rows, int factors, int seed, int stride)
    {
        var random = new Random(seed);
        var values = new float[(long)rows * stride];
        for (var row = 0; row < rows; row++)
        {
            for (var a = 0; a < factors; a++)
            {
                values[(row * stride) + a] = (float)(random.NextDouble() * 0.01);
            }
        }

        return values;
    }

    /// <summary>
    /// FᵀF + λI over the first <paramref name="factors"/> of every row, stride × stride (the padding zero).
    /// Blocks of rows are summed in float with the SIMD weighted row sum, the blocks in double, in a fixed
    /// order whatever the threads do — so a fit is reproducible.
    /// </summary>
    internal static float[] Gram(float[] factorsOf, int stride, int factors, double regularization)
    {
        const int blockRows = 64;
        var rows = factorsOf.Length / stride;
        var parts = Math.Max(1, Math.Min(Parts(), (rows + blockRows - 1) / blockRows));
        var partials = new double[parts][];
        Parallel.For(0, parts, part =>
        {
            var sum = new double[stride * stride];
            var block = new float[stride * stride];
            var indices = new int[blockRows];
            var column = new float[blockRows];
            var end = (int)((long)rows * (part + 1) / parts);
            for (var start = (int)((long)rows * part / parts); start < end; start += blockRows)
            {
                var count = Math.Min(blockRows, end - start);
                for (var j = 0; j < count; j++)
                {
                    indices[j] = start + j;
                }

                Array.Clear(block);
                for (var a = 0; a < factors; a++)
                {
                    for (var j = 0; j < count; j++)
                    {
                        column[j] = factorsOf[((start + j) * stride) + a];
                    }

                    AlsSimd.AddWeightedRows(factorsOf, indices.AsSpan(0, count), column, block.AsSpan(a * stride, stride), stride);
                }

                for (var e = 0; e < sum.Length; e++)
                {
                    sum[e] += block[e];
                }
            }

            partials[part] = sum;
        });

        var gram = new float[stride * stride];
        for (var e = 0; e < gram.Length; e++)
        {
            var total = 0.0;
            foreach (var partial in partials)
            {
                total += partial[e];
            }

            gram[e] = (float)total;
        }

        for (var a = 0; a < factors; a++)
        {
            gram[(a * stride) + a] += (float)regularization;
        }

        return gram;
    }

    /// <summary>
    /// Updates every row t of <paramref name="target"/> by <paramref name="steps"/> CG steps, starting
    /// from its current value, towards the exact least-squares solution given <paramref name="fixedFactors"/>.
    /// Row t's observed partners are <c>indices[offsets[t]..offsets[t + 1]]</c>; rows are
    /// <paramref name="stride"/> floats (<see cref="AlsSimd.Stride"/>).
    /// </summary>
    internal static void ConjugateGradientStep(float[] target, float[] fixedFactors, float[] gram, int[] offsets, int[] indices, float confidence, int stride, int steps, int[]? ranges = null)
    {
        ranges ??= AlsPartitions.Balanced(offsets, RowCost(stride), Parts());
        Parallel.For(
            0,
            ranges.Length - 1,
            () => new RowScratch(stride),
            (part, _, scratch) =>
            {
                for (var t = ranges[part]; t < ranges[part + 1]; t++)
                {
                    SolveRow(target.AsSpan(t * stride, stride), fixedFactors, gram, indices.AsSpan(offsets[t], offsets[t + 1] - offsets[t]), confidence, stride, steps, scratch);
                }

                return scratch;
            },
            _ => { });
    }

    private static void SolveRow(Span<float> x, float[] fixedFactors, float[] gram, ReadOnlySpan<int> observed, float confidence, int stride, int steps, RowScratch scratch)
    {
        var r = scratch.Residual;
        var p = scratch.Direction;
        var ap = scratch.Product;

        // r = b − A·x = −(FᵀF + λI)·x + Σ_obs (c − (c − 1)·f·x)·f
        MultiplyGram(gram, x, r, stride, scratch.Identity);
        AlsSimd.MultiplyAdd(r, -1, scratch.Zero, r);
        AddObserved(fixedFactors, observed, x, confidence, -(confidence - 1), r, stride, scratch.Weights);

        r.CopyTo(p, 0);
        var rsOld = AlsSimd.Dot(r, r);
        if (rsOld < Converged)
        {
            return;
        }

        for (var step = 0; step < steps; step++)
        {
            // A·p = (FᵀF + λI)·p + Σ_obs (c − 1)·(f·p)·f
            MultiplyGram(gram, p, ap, stride, scratch.Identity);
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
            if (rsNew < Converged)
            {
                return;
            }

            // p = r + (rsNew / rsOld)·p
            AlsSimd.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }

    /// <summary>result = G·v for the stride × stride Gram matrix: Σ_a v[a]·G[a, :] (G is symmetric).</summary>
    private static void MultiplyGram(float[] gram, ReadOnlySpan<float> v, Span<float> result, int stride, int[] identity)
    {
        result.Clear();
        AlsSimd.AddWeightedRows(gram, identity, v, result, stride);
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

    // Several ranges per core, so one slow range (a popular product's many buyers) does not leave a core idle.
    private static int Parts() => 16 * Environment.ProcessorCount;

    private static float[] Unpad(float[] padded, int factors, int stride)
    {
        if (factors == stride)
        {
            return padded;
        }

        var rows = padded.Length / stride;
        var values = new float[(long)rows * factors];
        for (var row = 0; row < rows; row++)
        {
            padded.AsSpan(row * stride, factors).CopyTo(values.AsSpan(row * factors, factors));
        }

        return values;
    }

    /// <summary>The product × customer CSR of a customer × product CSR.</summary>
    internal static (int[] Offsets, int[] Indices) Transpose(int columns, int[] offsets, int[] indices)
    {
        var transposedOffsets = new int[columns + 1];
        foreach (var column in indices)
        {
            if ((uint)column >= (uint)columns)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), column, $"An interaction names product {column}, outside the {columns} products.");
            }

            transposedOffsets[column + 1]++;
        }

        for (var c = 0; c < columns; c++)
        {
            transposedOffsets[c + 1] += transposedOffsets[c];
        }

        var next = transposedOffsets[..^1];
        var transposed = new int[indices.Length];
        for (var row = 0; row + 1 < offsets.Length; row++)
        {
            for (var e = offsets[row]; e < offsets[row + 1]; e++)
            {
                transposed[next[indices[e]]++] = row;
            }
        }

        return (transposedOffsets, transposed);
    }

    /// <summary>One worker's vectors: no allocation per row.</summary>
    private sealed class RowScratch(int stride)
    {
        public float[] Residual { get; } = new float[stride];

        public float[] Direction { get; } = new float[stride];

        public float[] Product { get; } = new float[stride];

        public float[] Zero { get; } = new float[stride];

        public float[] Weights { get; } = new float[ChunkRows];

        public int[] Identity { get; } = Enumerable.Range(0, stride).ToArray();
    }
}
