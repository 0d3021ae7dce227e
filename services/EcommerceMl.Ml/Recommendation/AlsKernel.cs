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
/// per-row matrix: FᵀF (<see cref="AlsGram"/>) is shared, and the observed rows enter through dot products.
/// </summary>
/// <remarks>
/// Every factor row is zero-padded to <see cref="AlsSimd.Stride"/> floats while fitting (the padding stays
/// zero: the Gram matrix's padding rows and columns are zero, so is every residual's padding). The side
/// with more rows is solved row by row, gathering its partners' factors (<see cref="AlsRowSolver"/>); the
/// side with fewer rows — whose rows each have many partners — by sweeping the other side's factors in
/// memory order (<see cref="AlsSweepSolver"/>). Both are the same CG; only the order of float sums differs.
/// </remarks>
internal static class AlsKernel
{
    // Below this squared residual a row's solve is done (as implicit's 1e-20 cut-off).
    internal const float Converged = 1e-20f;

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
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            HalfIteration(users, items, AlsGram.Of(items, stride, f, options.Regularization), customerOffsets, customerItems, itemOffsets, itemCustomers, confidence, options.CgSteps);
            HalfIteration(items, users, AlsGram.Of(users, stride, f, options.Regularization), itemOffsets, itemCustomers, customerOffsets, customerItems, confidence, options.CgSteps);
            progress?.Report((iteration + 1) / (double)options.Iterations);
        }

        return (Unpad(users, f, stride), Unpad(items, f, stride));
    }

    /// <summary>
    /// CG steps for every row of <paramref name="target"/> given <paramref name="fixedFactors"/>; the
    /// interactions as CSR both ways (target row → fixed partners, fixed row → target partners).
    /// </summary>
    internal static void HalfIteration(float[] target, float[] fixedFactors, AlsGram gram, int[] targetOffsets, int[] targetPartners, int[] fixedOffsets, int[] fixedPartners, float confidence, int steps)
    {
        if (targetOffsets.Length < fixedOffsets.Length)
        {
            AlsSweepSolver.Solve(target, fixedFactors, gram, targetOffsets, fixedOffsets, fixedPartners, confidence, steps);
        }
        else
        {
            AlsRowSolver.Solve(target, fixedFactors, gram, targetOffsets, targetPartners, confidence, steps);
        }
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
}
