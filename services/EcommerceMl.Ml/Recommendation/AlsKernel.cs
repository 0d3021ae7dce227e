using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

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
/// per-row matrix: FᵀF is shared, and the observed rows enter through dot products. Rows run in
/// parallel; every inner loop is a SIMD <see cref="TensorPrimitives"/> call over the factors.
/// </summary>
internal static class AlsKernel
{
    // Below this squared residual a row's solve is done (as implicit's 1e-20 cut-off).
    private const float Converged = 1e-20f;

    /// <summary>Row-major user (customers × factors) and item (products × factors) factors.</summary>
    public static (float[] Users, float[] Items) Fit(int customerCount, int productCount, int[] customerOffsets, int[] customerItems, AlsOptions options, IProgress<double>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (itemOffsets, itemCustomers) = Transpose(productCount, customerOffsets, customerItems);
        var f = options.Factors;
        var users = Initialize(customerCount, f, options.Seed);
        var items = Initialize(productCount, f, options.Seed + 1);
        var confidence = (float)(1 + options.Alpha);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            ConjugateGradientStep(users, items, Gram(items, f, options.Regularization), customerOffsets, customerItems, confidence, f, options.CgSteps);
            ConjugateGradientStep(items, users, Gram(users, f, options.Regularization), itemOffsets, itemCustomers, confidence, f, options.CgSteps);
            progress?.Report((iteration + 1) / (double)options.Iterations);
        }

        return (users, items);
    }

    /// <summary>Uniform [0, 0.01) starting factors from the seed (small, so early scores do not saturate).</summary>
    internal static float[] Initialize(int rows, int factors, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * factors];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 0.01);
        }

        return values;
    }

    /// <summary>FᵀF + λI, factors × factors, row-major.</summary>
    internal static float[] Gram(float[] factorsOf, int f, double regularization)
    {
        var gram = new float[f * f];
        for (var row = 0; row < factorsOf.Length / f; row++)
        {
            var v = factorsOf.AsSpan(row * f, f);
            for (var a = 0; a < f; a++)
            {
                var target = gram.AsSpan(a * f, f);
                TensorPrimitives.MultiplyAdd(v, v[a], target, target);
            }
        }

        for (var a = 0; a < f; a++)
        {
            gram[(a * f) + a] += (float)regularization;
        }

        return gram;
    }

    /// <summary>
    /// Updates every row t of <paramref name="target"/> by <paramref name="steps"/> CG steps, starting
    /// from its current value, towards the exact least-squares solution given <paramref name="fixedFactors"/>.
    /// Row t's observed partners are <c>indices[offsets[t]..offsets[t + 1]]</c>.
    /// </summary>
    internal static void ConjugateGradientStep(float[] target, float[] fixedFactors, float[] gram, int[] offsets, int[] indices, float confidence, int f, int steps)
    {
        var rows = offsets.Length - 1;
        Parallel.For(
            0,
            rows,
            () => new float[3 * f],
            (t, _, buffer) =>
            {
                SolveRow(target.AsSpan(t * f, f), fixedFactors, gram, indices.AsSpan(offsets[t], offsets[t + 1] - offsets[t]), confidence, f, steps, buffer);
                return buffer;
            },
            _ => { });
    }

    private static void SolveRow(Span<float> x, float[] fixedFactors, float[] gram, ReadOnlySpan<int> observed, float confidence, int f, int steps, float[] buffer)
    {
        var r = buffer.AsSpan(0, f);
        var p = buffer.AsSpan(f, f);
        var ap = buffer.AsSpan(2 * f, f);

        // r = b − A·x = −(FᵀF + λI)·x + Σ_obs (c − (c − 1)·f·x)·f
        MultiplyGram(gram, x, r, f);
        TensorPrimitives.Negate(r, r);
        foreach (var i in observed)
        {
            var fi = fixedFactors.AsSpan(i * f, f);
            TensorPrimitives.MultiplyAdd(fi, confidence - ((confidence - 1) * TensorPrimitives.Dot(fi, x)), r, r);
        }

        r.CopyTo(p);
        var rsOld = TensorPrimitives.Dot(r, r);
        if (rsOld < Converged)
        {
            return;
        }

        for (var step = 0; step < steps; step++)
        {
            // A·p = (FᵀF + λI)·p + Σ_obs (c − 1)·(f·p)·f
            MultiplyGram(gram, p, ap, f);
            foreach (var i in observed)
            {
                var fi = fixedFactors.AsSpan(i * f, f);
                TensorPrimitives.MultiplyAdd(fi, (confidence - 1) * TensorPrimitives.Dot(fi, p), ap, ap);
            }

            var curvature = TensorPrimitives.Dot(p, ap);
            if (!(curvature > 0))
            {
                return; // p is numerically zero: nothing left to gain
            }

            var alpha = rsOld / curvature;
            TensorPrimitives.MultiplyAdd(p, alpha, x, x);
            TensorPrimitives.MultiplyAdd(ap, -alpha, r, r);
            var rsNew = TensorPrimitives.Dot(r, r);
            if (rsNew < Converged)
            {
                return;
            }

            // p = r + (rsNew / rsOld)·p
            TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }

    /// <summary>
    /// result = G·v for the symmetric f × f Gram matrix, as Σ_a v[a]·G[a, :], one SIMD-wide block of
    /// the result at a time with its accumulator in a register: f²/width fused multiply-adds and no
    /// per-row call (f short dot products through <see cref="TensorPrimitives"/> cost more in call
    /// overhead than in arithmetic, and this runs for every row and CG step).
    /// </summary>
    private static void MultiplyGram(float[] gram, ReadOnlySpan<float> v, Span<float> result, int f)
    {
        var width = Vector<float>.Count;
        var vectorEnd = f - (f % width);
        ref var g = ref MemoryMarshal.GetArrayDataReference(gram);
        ref var r = ref MemoryMarshal.GetReference(result);
        for (var c = 0; c < vectorEnd; c += width)
        {
            var sum = Vector<float>.Zero;
            for (var a = 0; a < f; a++)
            {
                sum = Vector.FusedMultiplyAdd(new Vector<float>(v[a]), Vector.LoadUnsafe(ref g, (nuint)((a * f) + c)), sum);
            }

            sum.StoreUnsafe(ref r, (nuint)c);
        }

        for (var c = vectorEnd; c < f; c++)
        {
            var sum = 0f;
            for (var a = 0; a < f; a++)
            {
                sum += v[a] * gram[(a * f) + c];
            }

            result[c] = sum;
        }
    }

    /// <summary>The product × customer CSR of a customer × product CSR.</summary>
    internal static (int[] Offsets, int[] Indices) Transpose(int columns, int[] offsets, int[] indices)
    {
        var transposedOffsets = new int[columns + 1];
        foreach (var column in indices)
        {
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
}
