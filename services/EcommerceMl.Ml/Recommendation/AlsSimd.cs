using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The SIMD loops of <see cref="AlsKernel"/> over factor rows of <c>stride</c> floats — the factors
/// zero-padded to a multiple of <see cref="Vector{T}"/>'s width, so no loop has a scalar tail. They
/// replace one <c>TensorPrimitives</c> call per observed interaction, whose call and reduction
/// overhead cost more than its 64 multiply-adds: a weighted sum of many rows keeps a block of eight
/// vectors of the result in registers across all the rows, and dot products run four rows at a time.
/// </summary>
internal static class AlsSimd
{
    public static int Width => Vector<float>.Count;

    /// <summary>The row length that holds <paramref name="factors"/> floats in whole vectors.</summary>
    public static int Stride(int factors) => checked((factors + Width - 1) / Width * Width);

    /// <summary>
    /// result += Σ_j weights[j] · row(indices[j]), row k being <c>rows[k·stride .. (k+1)·stride)</c>.
    /// The Gram product G·v is this with the identity indices and v as the weights.
    /// </summary>
    public static void AddWeightedRows(ReadOnlySpan<float> rows, ReadOnlySpan<int> indices, ReadOnlySpan<float> weights, Span<float> result, int stride)
    {
        CheckShape(rows, result, stride);
        ArgumentOutOfRangeException.ThrowIfLessThan(weights.Length, indices.Length, nameof(weights));
        ref var source = ref MemoryMarshal.GetReference(rows);
        ref var output = ref MemoryMarshal.GetReference(result);
        var width = Width;
        var c = 0;

        // Eight independent accumulators: enough to hide the fused multiply-add's latency.
        for (; c + (8 * width) <= stride; c += 8 * width)
        {
            ref var o = ref Unsafe.Add(ref output, c);
            var a0 = Vector.LoadUnsafe(ref o, 0);
            var a1 = Vector.LoadUnsafe(ref o, (nuint)width);
            var a2 = Vector.LoadUnsafe(ref o, (nuint)(2 * width));
            var a3 = Vector.LoadUnsafe(ref o, (nuint)(3 * width));
            var a4 = Vector.LoadUnsafe(ref o, (nuint)(4 * width));
            var a5 = Vector.LoadUnsafe(ref o, (nuint)(5 * width));
            var a6 = Vector.LoadUnsafe(ref o, (nuint)(6 * width));
            var a7 = Vector.LoadUnsafe(ref o, (nuint)(7 * width));
            for (var j = 0; j < indices.Length; j++)
            {
                var w = new Vector<float>(weights[j]);
                ref var row = ref Unsafe.Add(ref source, RowStart(indices[j], stride, rows.Length) + c);
                a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, 0), w, a0);
                a1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)width), w, a1);
                a2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(2 * width)), w, a2);
                a3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(3 * width)), w, a3);
                a4 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(4 * width)), w, a4);
                a5 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(5 * width)), w, a5);
                a6 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(6 * width)), w, a6);
                a7 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(7 * width)), w, a7);
            }

            a0.StoreUnsafe(ref o, 0);
            a1.StoreUnsafe(ref o, (nuint)width);
            a2.StoreUnsafe(ref o, (nuint)(2 * width));
            a3.StoreUnsafe(ref o, (nuint)(3 * width));
            a4.StoreUnsafe(ref o, (nuint)(4 * width));
            a5.StoreUnsafe(ref o, (nuint)(5 * width));
            a6.StoreUnsafe(ref o, (nuint)(6 * width));
            a7.StoreUnsafe(ref o, (nuint)(7 * width));
        }

        for (; c + (4 * width) <= stride; c += 4 * width)
        {
            ref var o = ref Unsafe.Add(ref output, c);
            var a0 = Vector.LoadUnsafe(ref o, 0);
            var a1 = Vector.LoadUnsafe(ref o, (nuint)width);
            var a2 = Vector.LoadUnsafe(ref o, (nuint)(2 * width));
            var a3 = Vector.LoadUnsafe(ref o, (nuint)(3 * width));
            for (var j = 0; j < indices.Length; j++)
            {
                var w = new Vector<float>(weights[j]);
                ref var row = ref Unsafe.Add(ref source, RowStart(indices[j], stride, rows.Length) + c);
                a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, 0), w, a0);
                a1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)width), w, a1);
                a2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(2 * width)), w, a2);
                a3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, (nuint)(3 * width)), w, a3);
            }

            a0.StoreUnsafe(ref o, 0);
            a1.StoreUnsafe(ref o, (nuint)width);
            a2.StoreUnsafe(ref o, (nuint)(2 * width));
            a3.StoreUnsafe(ref o, (nuint)(3 * width));
        }

        for (; c < stride; c += width)
        {
            ref var o = ref Unsafe.Add(ref output, c);
            var a0 = Vector.LoadUnsafe(ref o, 0);
            for (var j = 0; j < indices.Length; j++)
            {
                ref var row = ref Unsafe.Add(ref source, RowStart(indices[j], stride, rows.Length) + c);
                a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref row, 0), new Vector<float>(weights[j]), a0);
            }

            a0.StoreUnsafe(ref o, 0);
        }
    }

    /// <summary>weights[j] = constant + slope · (row(indices[j]) · v), four rows at a time.</summary>
    public static void AffineOfDots(ReadOnlySpan<float> rows, ReadOnlySpan<int> indices, ReadOnlySpan<float> v, float constant, float slope, Span<float> weights, int stride)
    {
        CheckShape(rows, v, stride);
        ArgumentOutOfRangeException.ThrowIfLessThan(weights.Length, indices.Length, nameof(weights));
        ref var source = ref MemoryMarshal.GetReference(rows);
        ref var vector = ref MemoryMarshal.GetReference(v);
        var width = Width;
        var j = 0;
        for (; j + 4 <= indices.Length; j += 4)
        {
            ref var r0 = ref Unsafe.Add(ref source, RowStart(indices[j], stride, rows.Length));
            ref var r1 = ref Unsafe.Add(ref source, RowStart(indices[j + 1], stride, rows.Length));
            ref var r2 = ref Unsafe.Add(ref source, RowStart(indices[j + 2], stride, rows.Length));
            ref var r3 = ref Unsafe.Add(ref source, RowStart(indices[j + 3], stride, rows.Length));
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var c = 0; c < stride; c += width)
            {
                var x = Vector.LoadUnsafe(ref vector, (nuint)c);
                s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r0, (nuint)c), x, s0);
                s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r1, (nuint)c), x, s1);
                s2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r2, (nuint)c), x, s2);
                s3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r3, (nuint)c), x, s3);
            }

            weights[j] = constant + (slope * Vector.Sum(s0));
            weights[j + 1] = constant + (slope * Vector.Sum(s1));
            weights[j + 2] = constant + (slope * Vector.Sum(s2));
            weights[j + 3] = constant + (slope * Vector.Sum(s3));
        }

        for (; j < indices.Length; j++)
        {
            ref var r0 = ref Unsafe.Add(ref source, RowStart(indices[j], stride, rows.Length));
            Vector<float> s0 = default;
            for (var c = 0; c < stride; c += width)
            {
                s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r0, (nuint)c), Vector.LoadUnsafe(ref vector, (nuint)c), s0);
            }

            weights[j] = constant + (slope * Vector.Sum(s0));
        }
    }

    /// <summary>a · b over whole vectors (both of a length that is a multiple of the width).</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        Vector<float> s0 = default, s1 = default;
        var width = Width;
        var c = 0;
        for (; c + (2 * width) <= a.Length; c += 2 * width)
        {
            s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)c), Vector.LoadUnsafe(ref y, (nuint)c), s0);
            s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)(c + width)), Vector.LoadUnsafe(ref y, (nuint)(c + width)), s1);
        }

        if (c < a.Length)
        {
            s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)c), Vector.LoadUnsafe(ref y, (nuint)c), s0);
        }

        return Vector.Sum(s0 + s1);
    }

    /// <summary>destination = x · scale + addend, element-wise over whole vectors (destination may be either input).</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float scale, ReadOnlySpan<float> addend, Span<float> destination)
    {
        ref var source = ref MemoryMarshal.GetReference(x);
        ref var add = ref MemoryMarshal.GetReference(addend);
        ref var output = ref MemoryMarshal.GetReference(destination);
        var s = new Vector<float>(scale);
        for (var c = 0; c < destination.Length; c += Width)
        {
            Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref source, (nuint)c), s, Vector.LoadUnsafe(ref add, (nuint)c)).StoreUnsafe(ref output, (nuint)c);
        }
    }

    /// <summary>values = −values, over whole vectors.</summary>
    public static void Negate(Span<float> values)
    {
        ref var v = ref MemoryMarshal.GetReference(values);
        for (var c = 0; c < values.Length; c += Width)
        {
            (-Vector.LoadUnsafe(ref v, (nuint)c)).StoreUnsafe(ref v, (nuint)c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RowStart(int index, int stride, int length)
    {
        var start = index * stride;

        // One check per row keeps the unchecked vector loads of the row inside the array.
        if ((uint)start > (uint)(length - stride))
        {
            ThrowRowOutOfRange(index);
        }

        return start;
    }

    private static void CheckShape(ReadOnlySpan<float> rows, ReadOnlySpan<float> vector, int stride)
    {
        if (stride <= 0 || stride % Width != 0 || rows.Length % stride != 0 || vector.Length < stride)
        {
            throw new ArgumentException($"The factor rows must be whole rows of a stride ({stride}) that is a positive multiple of {Width}.", nameof(stride));
        }
    }

    private static void ThrowRowOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "An observed index is outside the factor rows.");
}
