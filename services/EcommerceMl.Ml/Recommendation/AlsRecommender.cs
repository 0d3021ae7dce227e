using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Implicit ALS (<see cref="AlsKernel"/>): a customer's score for a product is the dot product of
/// their factors, bought products removed, the whole catalogue ranked, ties by popularity. Similar
/// products are the highest positive cosines between item factors. A customer the model never saw
/// gets the popularity ranking.
/// </summary>
public sealed class AlsRecommender : CatalogRecommender
{
    public const string Name = AlgorithmCatalogue.Als;

    private readonly float[] _users;
    private readonly float[] _items;
    private readonly float[] _itemNorms;

    // The item factors in rows of whole SIMD vectors (the same array when the factors already are) and
    // every product's index: a customer's scores are one AlsSimd pass over the catalogue, four products
    // at a time, instead of one TensorPrimitives call per product.
    private readonly int _stride;
    private readonly float[] _paddedItems;
    private readonly int[] _everyProduct;

    internal AlsRecommender(RecommenderCatalog catalog, int factors, float[] users, float[] items)
        : base(catalog)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        if (users.Length != (long)catalog.Customers.Length * factors || items.Length != (long)catalog.ProductCount * factors)
        {
            throw new ArgumentException("The ALS factors do not match the catalogue's customers and products.", nameof(users));
        }

        Factors = factors;
        _users = users;
        _items = items;
        _stride = AlsSimd.Stride(factors);
        _paddedItems = Padded(items, factors, _stride);
        _everyProduct = [.. Enumerable.Range(0, catalog.ProductCount)];
        _itemNorms = new float[catalog.ProductCount];
        for (var i = 0; i < _itemNorms.Length; i++)
        {
            _itemNorms[i] = TensorPrimitives.Norm(Item(i));
        }
    }

    public override string Algorithm => Name;

    public int Factors { get; }

    /// <summary>The model's score x_u·y_i of a customer index for a product index.</summary>
    public float Score(int customer, int product) => TensorPrimitives.Dot(_users.AsSpan(customer * Factors, Factors), Item(product));

    public override IReadOnlyList<ScoredProduct> Recommend(string customerId, int k)
    {
        CheckK(k);
        var customer = Catalog.CustomerIndex(customerId);
        if (customer < 0)
        {
            return MostPopularNotBought(customerId, k);
        }

        return DenseRanking.TopK(Catalog, Catalog.ItemsOf(customer), k, scores => ScoreInto(customer, scores));
    }

    /// <summary>
    /// Every known customer's answer by <see cref="AlsBlockRanking"/> (blocks of customers × all item
    /// factors as one matrix product, the same answers as <see cref="Recommend"/>); the others get the
    /// popularity ranking.
    /// </summary>
    public override IReadOnlyList<ScoredProduct>[] RecommendMany(IReadOnlyList<string> customerIds, int k)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        CheckK(k);
        var answers = new IReadOnlyList<ScoredProduct>[customerIds.Count];
        var known = new List<int>(answers.Length);
        var positions = new List<int>(answers.Length);
        for (var i = 0; i < answers.Length; i++)
        {
            var customer = Catalog.CustomerIndex(customerIds[i]);
            if (customer < 0)
            {
                answers[i] = MostPopularNotBought(customerIds[i], k);
                continue;
            }

            known.Add(customer);
            positions.Add(i);
        }

        var ranked = AlsBlockRanking.TopK(Catalog, _users, Factors, _paddedItems, _stride, CollectionsMarshal.AsSpan(known), k);
        for (var j = 0; j < ranked.Length; j++)
        {
            answers[positions[j]] = ranked[j];
        }

        return answers;
    }

    /// <summary>x_u·y_j for every product j (also the two-stage model's generator).</summary>
    internal void ScoreInto(int customer, Span<float> scores)
    {
        Span<float> user = _stride <= 256 ? stackalloc float[_stride] : new float[_stride];
        user.Clear();
        _users.AsSpan(customer * Factors, Factors).CopyTo(user);
        AlsSimd.AffineOfDots(_paddedItems, _everyProduct.AsSpan(0, scores.Length), user, 0, 1, scores, _stride);
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

        return DenseRanking.Similar(Catalog, product, k, scores =>
        {
            var self = Item(product);
            var norm = _itemNorms[product];
            for (var j = 0; j < scores.Length; j++)
            {
                var both = norm * _itemNorms[j];
                scores[j] = both > 0 ? TensorPrimitives.Dot(self, Item(j)) / both : 0;
            }
        });
    }

    protected override void WriteModel(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Factors);
        BinaryArrays.Write<float>(writer, _users);
        BinaryArrays.Write<float>(writer, _items);
    }

    /// <summary>Reads the section <see cref="WriteModel"/> wrote: int32 factors · float32[] user factors · float32[] item factors.</summary>
    internal static AlsRecommender Read(RecommenderCatalog catalog, SafeReader reader)
    {
        var factors = reader.ReadCount("ALS factor count", 4096);
        if (factors == 0)
        {
            throw reader.Malformed("the ALS model declares 0 factors");
        }

        var users = reader.ReadArray<float>("ALS user factors", checked(catalog.Customers.Length * factors));
        var items = reader.ReadArray<float>("ALS item factors", checked(catalog.ProductCount * factors));
        if (!users.All(float.IsFinite) || !items.All(float.IsFinite))
        {
            throw reader.Malformed("the ALS factors hold a non-finite value");
        }

        return new AlsRecommender(catalog, factors, users, items);
    }

    private ReadOnlySpan<float> Item(int product) => _items.AsSpan(product * Factors, Factors);

    private static float[] Padded(float[] rows, int factors, int stride)
    {
        if (factors == stride)
        {
            return rows;
        }

        var padded = new float[rows.Length / factors * stride];
        for (var row = 0; row < rows.Length / factors; row++)
        {
            rows.AsSpan(row * factors, factors).CopyTo(padded.AsSpan(row * stride, factors));
        }

        return padded;
    }
}
