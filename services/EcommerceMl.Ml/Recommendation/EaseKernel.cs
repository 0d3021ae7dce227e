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
    /// Default of the <c>max_products</c> hyperparameter: EASE models the catalogue's most-bought
    /// products up to this many. Derived from time and memory (bench/results/recommendation-scale.md,
    /// "EASE's default N"): the inverse is N³ multiply-adds, and the blocked kernel does ~8·10⁹ per
    /// CPU-second on these cores, so two idle cores take N³ / 1.6·10¹⁰ s — 8,000 is ~32 s, half the
    /// 60 s budget (10,000 would be ~63 s); the matrix is 4·N² bytes (8,000: 256 MB, held while
    /// training and again by every server that loads the model).
    /// </summary>
    public const int DefaultMaxProducts = 8_000;

    /// <summary>
    /// Upper bound of <c>max_products</c>: 20,000² float32 is 1.6 GB, the largest that is still one
    /// .NET array of bytes in the model file (under 2 GiB); the inverse is then ~8·10¹² multiply-adds.
    /// </summary>
    public const int MaxProductsLimit = 20_000;

    /// <summary>B as a row-major matrix with row stride <c>Stride</c> (≥ n; padding columns are unused).</summary>
    public static (float[] Weights, int Stride) Fit(int productCount, int[] customerOffsets, int[] customerItems, double lambda, IProgress<double>? progress)
    {
        if (productCount > MaxProductsLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(productCount), productCount,
                $"EASE inverts a dense products × products matrix of at most {MaxProductsLimit:N0} products; this one has {productCount:N0}. Model the most-bought products only (ModelledProducts).");
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

    /// <summary>
    /// The <paramref name="maxProducts"/> products with the most distinct buyers (equal counts: lower
    /// index first), ascending by index — every product when the catalogue is no larger.
    /// </summary>
    public static int[] ModelledProducts(ReadOnlySpan<float> buyers, int maxProducts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxProducts);
        if (buyers.Length <= maxProducts)
        {
            return [.. Enumerable.Range(0, buyers.Length)];
        }

        var order = Enumerable.Range(0, buyers.Length).ToArray();
        var keys = buyers.ToArray();
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        var chosen = order[..maxProducts];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>
    /// The customer × product CSR restricted to <paramref name="modelled"/> (ascending product
    /// indices), each product renumbered to its position there; a customer keeps their row, maybe empty.
    /// </summary>
    public static (int[] Offsets, int[] Items) Restrict(int productCount, int[] customerOffsets, int[] customerItems, int[] modelled)
    {
        ArgumentNullException.ThrowIfNull(customerOffsets);
        ArgumentNullException.ThrowIfNull(customerItems);
        ArgumentNullException.ThrowIfNull(modelled);
        var column = ColumnOf(productCount, modelled);
        var offsets = new int[customerOffsets.Length];
        var items = new List<int>(customerItems.Length);
        for (var u = 0; u + 1 < customerOffsets.Length; u++)
        {
            for (var p = customerOffsets[u]; p < customerOffsets[u + 1]; p++)
            {
                if (column[customerItems[p]] >= 0)
                {
                    items.Add(column[customerItems[p]]); // ascending: the renumbering keeps the order
                }
            }

            offsets[u + 1] = items.Count;
        }

        return (offsets, [.. items]);
    }

    /// <summary>Per product, its position in <paramref name="modelled"/>, or −1 when EASE does not model it.</summary>
    public static int[] ColumnOf(int productCount, int[] modelled)
    {
        ArgumentNullException.ThrowIfNull(modelled);
        var column = new int[productCount];
        Array.Fill(column, -1);
        for (var c = 0; c < modelled.Length; c++)
        {
            column[modelled[c]] = c;
        }

        return column;
    }
}
