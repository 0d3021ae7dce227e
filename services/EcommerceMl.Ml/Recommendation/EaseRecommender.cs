using System.Numerics.Tensors;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// EASE (<see cref="EaseKernel"/>): a customer's score for a product is the sum of the rows of B
/// for the products they bought (SIMD adds over the row), bought products removed, the whole
/// catalogue ranked, ties by popularity. Similar products of i are the largest positive B_ij.
/// A customer the model never saw gets the popularity ranking.
/// </summary>
public sealed class EaseRecommender : CatalogRecommender
{
    public const string Name = AlgorithmCatalogue.Ease;

    private readonly float[] _weights;
    private readonly int _stride;

    internal EaseRecommender(RecommenderCatalog catalog, float[] weights, int stride)
        : base(catalog)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (stride < catalog.ProductCount || weights.Length < (long)stride * catalog.ProductCount)
        {
            throw new ArgumentException("The EASE weights do not cover the catalogue.", nameof(weights));
        }

        _weights = weights;
        _stride = stride;
    }

    public override string Algorithm => Name;

    /// <summary>B_ij: how much buying product i raises the score of product j.</summary>
    public float Weight(int from, int to) => _weights[(from * _stride) + to];

    public override IReadOnlyList<ScoredProduct> Recommend(string customerId, int k)
    {
        CheckK(k);
        var customer = Catalog.CustomerIndex(customerId);
        if (customer < 0)
        {
            return MostPopularNotBought(customerId, k);
        }

        var bought = Catalog.ItemsOf(customer);
        var items = bought.ToArray();
        return DenseRanking.TopK(Catalog, bought, k, scores =>
        {
            scores.Clear();
            foreach (var item in items)
            {
                TensorPrimitives.Add(scores, Row(item), scores);
            }
        });
    }

    /// <summary>The dense EASE score of every product for a customer who bought <paramref name="bought"/> (the two-stage model's generator).</summary>
    internal void ScoreInto(ReadOnlySpan<int> bought, Span<float> scores)
    {
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
        return product < 0 ? null : DenseRanking.Similar(Catalog, product, k, scores => Row(product).CopyTo(scores));
    }

    protected override void WriteModel(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var n = ProductCount;
        writer.Write(n);
        writer.Write(n * n);
        for (var i = 0; i < n; i++)
        {
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Row(i)));
        }
    }

    /// <summary>Reads the section <see cref="WriteModel"/> wrote: int32 n · float32[n·n] B, row-major, finite.</summary>
    internal static EaseRecommender Read(RecommenderCatalog catalog, SafeReader reader)
    {
        var n = reader.ReadCount("EASE product count");
        if (n != catalog.ProductCount)
        {
            throw reader.Malformed($"the EASE weights are for {n} products; the catalogue has {catalog.ProductCount}");
        }

        var weights = reader.ReadArray<float>("EASE weights", checked(n * n));
        foreach (var w in weights)
        {
            if (!float.IsFinite(w))
            {
                throw reader.Malformed("the EASE weights hold a non-finite value");
            }
        }

        return new EaseRecommender(catalog, weights, n);
    }

    private ReadOnlySpan<float> Row(int item) => _weights.AsSpan(item * _stride, ProductCount);
}
