namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// FᵀF + λI of one side's factors, <see cref="Stride"/> × <see cref="Stride"/> (the padding rows and
/// columns zero): the part of every row's system the rows of the other side share.
/// </summary>
internal sealed class AlsGram
{
    private const int BlockRows = 64;

    private readonly int[] _rows;

    private AlsGram(float[] values, int stride)
    {
        Values = values;
        Stride = stride;
        _rows = Enumerable.Range(0, stride).ToArray();
    }

    public float[] Values { get; }

    public int Stride { get; }

    /// <summary>
    /// FᵀF + λI over the first <paramref name="factors"/> of every row of <paramref name="stride"/> floats.
    /// Blocks of rows are summed in float by the SIMD weighted row sum, the blocks in double, in a fixed
    /// order whatever the threads do — so a fit is reproducible.
    /// </summary>
    public static AlsGram Of(float[] factorsOf, int stride, int factors, double regularization)
    {
        ArgumentNullException.ThrowIfNull(factorsOf);
        var rows = factorsOf.Length / stride;
        var parts = Math.Max(1, Math.Min(4 * Environment.ProcessorCount, (rows + BlockRows - 1) / BlockRows));
        var partials = new double[parts][];
        Parallel.For(0, parts, part =>
        {
            var sum = new double[stride * stride];
            var block = new float[stride * stride];
            var indices = new int[BlockRows];
            var column = new float[BlockRows];
            var end = (int)((long)rows * (part + 1) / parts);
            for (var start = (int)((long)rows * part / parts); start < end; start += BlockRows)
            {
                var count = Math.Min(BlockRows, end - start);
                for (var j = 0; j < count; j++)
                {
                    indices[j] = start + j;
                }

                // Row a of the block's FᵀF is the block's rows weighted by their factor a.
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

        return new AlsGram(gram, stride);
    }

    /// <summary>result = G·v, as Σ_a v[a]·G[a, :] (G is symmetric): the SIMD weighted sum of G's rows.</summary>
    public void Multiply(ReadOnlySpan<float> v, Span<float> result)
    {
        result[..Stride].Clear();
        AlsSimd.AddWeightedRows(Values, _rows, v, result, Stride);
    }
}
