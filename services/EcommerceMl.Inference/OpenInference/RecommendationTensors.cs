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

        var ids = (customers ?? products)!.Strings();
        BatchLimit.Check(hasCustomers ? CustomerId : ProductId, ids.Length, options);
        var rows = new List<IReadOnlyList<(string Id, double Score)>>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var name = hasCustomers ? CustomerId : ProductId;
            if (string.IsNullOrWhiteSpace(ids[i]))
            {
                throw new InferenceInputException($"{name}[{i}] is empty.");
            }

            rows.Add(hasCustomers
                ? [.. model.Recommend(ids[i], (int)k).Select(p => (p.ProductId, p.Score))]
                : [.. (model.Similar(ids[i], (int)k)
                    ?? throw new InferenceInputException($"{ProductId}[{i}] '{ids[i]}' is not in the model's catalogue.")).Select(p => (p.ProductId, p.Score))]);
        }

        return Rectangle(rows);
    }

    private static IReadOnlyList<OutputTensor> Rectangle(List<IReadOnlyList<(string Id, double Score)>> rows)
    {
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var itemIds = new string[rows.Count * width];
        var scores = new float[rows.Count * width];
        Array.Fill(itemIds, "");
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                itemIds[(r * width) + c] = rows[r][c].Id;
                scores[(r * width) + c] = (float)rows[r][c].Score;
            }
        }

        long[] shape = [rows.Count, width];
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
