using System.Numerics.Tensors;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// EASE (<see cref="EaseKernel"/>): a customer's score for a product is the sum of the rows of B
/// for the products they bought (SIMD adds over the row), bought products removed, ties by
/// popularity. Similar products of i are the largest positive B_ij. A customer the model never saw
/// gets the popularity ranking.
/// </summary>
/// <remarks>
/// B covers the <see cref="ModelledCount"/> most-bought products (the whole catalogue unless it is
/// larger than <c>max_products</c>). Past it: a customer's ranking is the modelled products by
/// score, then — when fewer than k remain unbought — the most popular of the rest with score 0;
/// purchases of unmodelled products add nothing to the scores; the similar products of an
/// unmodelled product are the most popular of its category (as the popularity model answers).
/// </remarks>
public sealed class EaseRecommender : CatalogRecommender
{
    public const string Name = AlgorithmCatalogue.Ease;

    /// <summary>Marks a section that lists its modelled products (the whole-catalogue section starts with n ≥ 0).</summary>
    private const int ModelledSectionMarker = -2;

    private readonly float[] _weights;
    private readonly int _stride;
    private readonly int[] _modelled;
    private readonly int[] _columnOf;
    private readonly int[] _columnPopularityRank;

    internal EaseRecommender(RecommenderCatalog catalog, float[] weights, int stride)
        : this(catalog, weights, stride, [.. Enumerable.Range(0, catalog?.ProductCount ?? 0)])
    {
    }

    /// <param name="modelled">The catalogue index of each of B's rows and columns, ascending.</param>
    internal EaseRecommender(RecommenderCatalog catalog, float[] weights, int stride, int[] modelled)
        : base(catalog)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(modelled);
        for (var c = 0; c < modelled.Length; c++)
        {
            if ((uint)modelled[c] >= (uint)catalog.ProductCount || (c > 0 && modelled[c] <= modelled[c - 1]))
            {
                throw new ArgumentException("The modelled products must be distinct, ascending catalogue indices.", nameof(modelled));
            }
        }

        if (stride < modelled.Length || weights.Length < (long)stride * modelled.Length)
        {
            throw new ArgumentException("The EASE weights do not cover the modelled products.", nameof(weights));
        }

        _weights = weights;
        _stride = stride;
        _modelled = modelled;
        _columnOf = EaseKernel.ColumnOf(catalog.ProductCount, modelled);
        _columnPopularityRank = [.. modelled.Select(catalog.PopularityRank)];
    }

    public override string Algorithm => Name;

    /// <summary>How many products B covers: the whole catalogue, or its <c>max_products</c> most-bought.</summary>
    public int ModelledCount => _modelled.Length;

    /// <summary>Whether B covers every product of the catalogue.</summary>
    public bool CoversCatalogue => _modelled.Length == ProductCount;

    /// <summary>Whether B has a row and column for the product index.</summary>
    public bool Models(int product) => _columnOf[product] >= 0;

    /// <summary>B_ij between catalogue indices: how much buying product i raises the score of product j (0 when either is not modelled).</summary>
    public float Weight(int from, int to) =>
        _columnOf[from] < 0 || _columnOf[to] < 0 ? 0 : _weights[(_columnOf[from] * _stride) + _columnOf[to]];

    public override IReadOnlyList<ScoredProduct> Recommend(string customerId, int k)
    {
        CheckK(k);
        var customer = Catalog.CustomerIndex(customerId);
        if (customer < 0)
        {
            return MostPopularNotBought(customerId, k);
        }

        var bought = Catalog.ItemsOf(customer);
        var columns = Columns(bought);
        var result = DenseRanking.TopK(Catalog, columns, k, _columnPopularityRank, CoversCatalogue ? null : _modelled, scores =>
        {
            scores.Clear();
            foreach (var column in columns)
            {
                TensorPrimitives.Add(scores, Row(column), scores);
            }
        });
        if (result.Count < k && !CoversCatalogue)
        {
            // Fewer unbought modelled products than asked for, so every one is in the answer: the rest of the catalogue by popularity.
            var filled = result as List<ScoredProduct> ?? [.. result];
            var before = filled.Count;
            Catalog.FillByPopularity(filled, bought, k, p => _columnOf[p] >= 0);
            for (var i = before; i < filled.Count; i++)
            {
                filled[i] = filled[i] with { Score = 0 };
            }

            return filled;
        }

        return result;
    }

    /// <summary>The dense EASE score of every product for a customer who bought <paramref name="bought"/> (the two-stage model's generator, which uses EASE only when it covers the catalogue).</summary>
    internal void ScoreInto(ReadOnlySpan<int> bought, Span<float> scores)
    {
        if (!CoversCatalogue)
        {
            throw new InvalidOperationException("EASE scores every product only when it models the whole catalogue.");
        }

        scores.Clear();
        foreach (var item in bought)
        {
            TensorPrimitives.Add(scores, Row(item), scores);
        }
    }

    /// <summary>Writes the model section alone (inside a two-stage file).</summary>
    internal void WriteSection(BinaryWriter writer) => WriteModel(writer);

    public override IReadOnlyList<SimilarProduct>? Similar(string productId, int k)
    {
        CheckK(k);
        var product = Catalog.ProductIndex(productId);
        if (product < 0)
        {
            return null;
        }

        var column = _columnOf[product];
        return column < 0
            ? MostPopularOfSameCategory(product, k)
            : DenseRanking.Similar(Catalog, column, k, _columnPopularityRank, CoversCatalogue ? null : _modelled, scores => Row(column).CopyTo(scores));
    }

    /// <summary>
    /// Whole catalogue (as every build before <c>max_products</c> wrote it): int32 n · float32[n·n] B.
    /// Part of it: int32 −2 · int32[] modelled product indices · float32[m·m] B over them.
    /// </summary>
    protected override void WriteModel(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var m = _modelled.Length;
        if (CoversCatalogue)
        {
            writer.Write(m);
        }
        else
        {
            writer.Write(ModelledSectionMarker);
            BinaryArrays.Write<int>(writer, _modelled);
        }

        writer.Write(m * m);
        for (var c = 0; c < m; c++)
        {
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Row(c)));
        }
    }

    /// <summary>Reads the section <see cref="WriteModel"/> wrote; B must be finite, the modelled products ascending catalogue indices.</summary>
    internal static EaseRecommender Read(RecommenderCatalog catalog, SafeReader reader)
    {
        var first = reader.ReadInt32("EASE product count");
        int[] modelled;
        if (first == ModelledSectionMarker)
        {
            modelled = reader.ReadIndices("EASE modelled products", catalog.ProductCount);
            if (modelled.Length > EaseKernel.MaxProductsLimit)
            {
                throw reader.Malformed($"the EASE model covers {modelled.Length} products; at most {EaseKernel.MaxProductsLimit} are supported");
            }

            for (var c = 1; c < modelled.Length; c++)
            {
                if (modelled[c] <= modelled[c - 1])
                {
                    throw reader.Malformed("the EASE modelled products are not distinct and ascending");
                }
            }
        }
        else if (first == catalog.ProductCount)
        {
            modelled = [.. Enumerable.Range(0, first)];
        }
        else
        {
            throw reader.Malformed($"the EASE weights are for {first} products; the catalogue has {catalog.ProductCount}");
        }

        var m = modelled.Length;
        var weights = reader.ReadArray<float>("EASE weights", checked(m * m));
        foreach (var w in weights)
        {
            if (!float.IsFinite(w))
            {
                throw reader.Malformed("the EASE weights hold a non-finite value");
            }
        }

        return new EaseRecommender(catalog, weights, m, modelled);
    }

    /// <summary>The bought products EASE models, as B's row indices (ascending, as the purchases are).</summary>
    private int[] Columns(ReadOnlySpan<int> bought)
    {
        var columns = new List<int>(bought.Length);
        foreach (var item in bought)
        {
            if (_columnOf[item] >= 0)
            {
                columns.Add(_columnOf[item]);
            }
        }

        return [.. columns];
    }

    private ReadOnlySpan<float> Row(int column) => _weights.AsSpan(column * _stride, _modelled.Length);
}
