using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Recommendation;
using static EcommerceMl.Inference.OpenInference.TensorDatatype;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// Recommendation models as tensors: <c>customer_id</c> [n] (top-k for each customer) or <c>product_id</c> [n]
/// (similar items), optional <c>k</c> → <c>item_ids</c> and <c>scores</c>, shape [n, k]. A row shorter than
/// the widest (a small catalogue, few co-purchases) is padded with an empty id and score 0.
/// </summary>
internal static class RecommendationTensors
{
    public const string CustomerId = "customer_id";
    public const string ProductId = "product_id";
    public const string K = "k";
    public const string ItemIds = "item_ids";
    public const string Scores = "scores";
    public const int DefaultK = 10;

    public static ModelSignature Signature { get; } = new(
        [
            new(CustomerId, BytesType, [-1], StringTypes),
            new(ProductId, BytesType, [-1], StringTypes),
            new(K, Int32Type, [1], IntegerTypes, Scalar: true),
        ],
        [
            new(ItemIds, BytesType, [-1, -1], StringTypes),
            new(Scores, Fp32Type, [-1, -1], NumberTypes),
        ]);

    public static IReadOnlyList<OutputTensor> Infer(IRecommender model, IReadOnlyDictionary<string, InputTensor> inputs, InferenceOptions options)
    {
        var k = inputs.TryGetValue(K, out var kTensor) ? kTensor.Long() : DefaultK;
        if (k < 1 || k > options.MaxK)
        {
            throw new InferenceInputException($"'{K}' must be between 1 and {options.MaxK}; got {k}.");
        }

        var hasCustomers = inputs.TryGetValue(CustomerId, out var customers);
        var hasProducts = inputs.TryGetValue(ProductId, out var products);
        if (hasCustomers == hasProducts)
        {
            throw new InferenceInputException(
                $"Send exactly one of '{CustomerId}' (recommendations for customers) or '{ProductId}' (items similar to products), as BYTES [n].");
        }

        var tensor = (customers ?? products)!;
        var name = hasCustomers ? CustomerId : ProductId;
        BatchLimit.Check(name, tensor.Count, options);

        // The model's own lists (for the precomputed top-k, the table's arrays): read once into the rectangle below.
        var rows = new (IReadOnlyList<ScoredProduct>? Recommended, IReadOnlyList<SimilarProduct>? Similar)[tensor.Count];
        var width = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var id = tensor.Elements[i].Text;
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new InferenceInputException($"{name}[{i}] is empty.");
            }

            rows[i] = hasCustomers
                ? (model.Recommend(id, (int)k), null)
                : (null, model.Similar(id, (int)k) ?? throw new InferenceInputException($"{ProductId}[{i}] '{id}' is not in the model's catalogue."));
            width = Math.Max(width, rows[i].Recommended?.Count ?? rows[i].Similar!.Count);
        }

        return Rectangle(rows, width);
    }

    /// <summary>
    /// The customer of a default-shaped request — one <c>customer_id</c> and the default <c>k</c> (absent or
    /// <see cref="DefaultK"/>), nothing else — whose answer depends only on the model version and that customer
    /// (<see cref="Models.AnswerKind.InferRecommendations"/>); null for any other request.
    /// </summary>
    public static string? DefaultCustomer(IReadOnlyDictionary<string, InputTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var hasK = inputs.TryGetValue(K, out var k);
        if (inputs.Count != (hasK ? 2 : 1) || (hasK && k!.Long() != DefaultK))
        {
            return null;
        }

        return inputs.TryGetValue(CustomerId, out var customers) && customers.Count == 1 ? customers.Elements[0].Text : null;
    }

    /// <summary>The rows as [n, width] tensors, a short row padded with "" and 0.</summary>
    private static IReadOnlyList<OutputTensor> Rectangle(
        (IReadOnlyList<ScoredProduct>? Recommended, IReadOnlyList<SimilarProduct>? Similar)[] rows, int width)
    {
        var itemIds = new string[rows.Length * width];
        var scores = new float[rows.Length * width];
        Array.Fill(itemIds, "");
        for (var r = 0; r < rows.Length; r++)
        {
            var offset = r * width;
            if (rows[r].Recommended is { } recommended)
            {
                for (var c = 0; c < recommended.Count; c++)
                {
                    itemIds[offset + c] = recommended[c].ProductId;
                    scores[offset + c] = (float)recommended[c].Score;
                }
            }
            else
            {
                var similar = rows[r].Similar!;
                for (var c = 0; c < similar.Count; c++)
                {
                    itemIds[offset + c] = similar[c].ProductId;
                    scores[offset + c] = (float)similar[c].Score;
                }
            }
        }

        long[] shape = [rows.Length, width];
        return
        [
            new(ItemIds, BytesType, shape, itemIds, Batched: true),
            new(Scores, Fp32Type, shape, scores, Batched: true),
        ];
    }
}

/// <summary>The batch bound every batched input shares (<see cref="InferenceOptions.MaxBatchSize"/>).</summary>
internal static class BatchLimit
{
    public static void Check(string input, int count, InferenceOptions options)
    {
        if (count > options.MaxBatchSize)
        {
            throw new InferenceInputException($"'{input}' holds {count} items; at most {options.MaxBatchSize} are accepted per request. Send smaller batches.");
        }
    }
}
