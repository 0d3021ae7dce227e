namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item-item weight
/// matrix B minimising ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0, in closed form:
/// P = (XᵀX + λI)⁻¹, B_ij = −P_ij / P_jj (i ≠ j), B_jj = 0. X is the binary customer × product
/// matrix; a customer's score for product j is Σ over bought i of B_ij.
/// </summary>
internal static class EaseKernel
{
    /// <summary>
    /// Largest catalogue EASE accepts. The dense matrix is n² float32 (8,000 products: 256 MB) and
    /// the inverse n³ multiply-adds (8,000: ~5·10¹¹, tens of seconds on two cores); past it, use
    /// item-cosine or ALS, whose cost grows with purchases, not with the catalogue squared.
    /// </summary>
    public const int MaxProducts = 8_000;

    /// <summary>B as a row-major matrix with row stride <c>Stride</c> (≥ n; padding columns are unused).</summary>
    public static (float[] Weights, int Stride) Fit(int productCount, int[] customerOffsets, int[] customerItems, double lambda, IProgress<double>? progress)
    {
        if (productCount > MaxProducts)
        {
            throw new ArgumentOutOfRangeException(
                nameof(productCount), productCount,
                $"EASE supports at most {MaxProducts:N0} products (a dense products × products matrix); this shop has {productCount:N0}. Use item-cosine or als for a catalogue this large.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        var n = SpdInverse.PaddedSize(Math.Max(1, productCount));
        var g = Gram(n, customerOffsets, customerItems);
        for (var i = 0; i < n; i++)
        {
            // Padding products are an identity block: inverted alone, they never touch real ones.
            g[(i * n) + i] += i < productCount ? (float)lambda : 1f;
        }

        progress?.Report(0.05);
        SpdInverse.Invert(g, n, ScaledProgress.Of(progress, 0.05, 0.95));

        // In place: B_ij = -P_ij / P_jj, diagonal 0. Row i is only read by row i.
        var diagonal = new float[n];
        for (var j = 0; j < n; j++)
        {
            diagonal[j] = g[(j * n) + j];
        }

        Parallel.For(0, n, i =>
        {
            var row = g.AsSpan(i * n, n);
            for (var j = 0; j < n; j++)
            {
                row[j] = -row[j] / diagonal[j];
            }

            row[i] = 0;
        });
        progress?.Report(1.0);
        return (g, n);
    }

    /// <summary>XᵀX of the binary matrix: co-buyer counts, buyer counts on the diagonal.</summary>
    internal static float[] Gram(int n, int[] customerOffsets, int[] customerItems)
    {
        var g = new float[n * n];
        for (var u = 0; u + 1 < customerOffsets.Length; u++)
        {
            var items = customerItems.AsSpan(customerOffsets[u], customerOffsets[u + 1] - customerOffsets[u]);
            foreach (var i in items)
            {
                var row = g.AsSpan(i * n, n);
                foreach (var j in items)
                {
                    row[j] += 1;
                }
            }
        }

        return g;
    }
}
