using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

/// <summary>
/// The ALS kernel as it was before the register-blocked rewrite (one TensorPrimitives call per observed
/// interaction, f-wide Gram product one vector of the result at a time): kept here, test-only, as the
/// reference the fast <see cref="AlsKernel"/> must agree with within float rounding.
/// </summary>
internal static class AlsReferenceKernel
{
    // Below this squared residual a row's solve is done (as implicit's 1e-20 cut-off).
    private const float Converged = 1e-20f;

    /// <summary>Row-major user (customers × factors) and item (products × factors) factors.</summary>
    public static (float[] Users, float[] Items) Fit(int customerCount, int productCount, int[] customerOffsets, int[] customerItems, AlsOptions options, IProgress<double>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (itemOffsets, itemCustomers) = AlsKernel.Transpose(productCount, customerOffsets, customerItems);
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
}
