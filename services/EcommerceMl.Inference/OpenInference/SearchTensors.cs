using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Search;
using static EcommerceMl.Inference.OpenInference.TensorDatatype;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// Search models as tensors: <c>query</c> [n] (one search per element), optional <c>k</c> → <c>item_ids</c> and
/// <c>scores</c> (BM25, or the re-ranker's), shape [n, k]. A query finding fewer than the widest row's products is
/// padded with an empty id and score 0, as recommendations are. Each query is held to the REST endpoint's rules.
/// </summary>
internal static class SearchTensors
{
    public const string Query = "query";
    public const string K = "k";
    public const int DefaultK = 10;

    public static ModelSignature Signature { get; } = new(
        [
            new(Query, BytesType, [-1], StringTypes),
            new(K, Int32Type, [1], IntegerTypes, Scalar: true),
        ],
        [
            new(RecommendationTensors.ItemIds, BytesType, [-1, -1], StringTypes),
            new(RecommendationTensors.Scores, Fp32Type, [-1, -1], NumberTypes),
        ]);

    public static IReadOnlyList<OutputTensor> Infer(ISearchModel model, IReadOnlyDictionary<string, InputTensor> inputs, InferenceOptions options)
    {
        var k = inputs.TryGetValue(K, out var kTensor) ? kTensor.Long() : DefaultK;
        if (k < 1 || k > options.MaxK)
        {
            throw new InferenceInputException($"'{K}' must be between 1 and {options.MaxK}; got {k}.");
        }

        if (!inputs.TryGetValue(Query, out var queries))
        {
            throw new InferenceInputException($"Send '{Query}' (the words to search for), as BYTES [n].");
        }

        BatchLimit.Check(Query, queries.Count, options);
        var rows = new IReadOnlyList<SearchHit>[queries.Count];
        var width = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var text = queries.Elements[i].Text;
            if (SearchQueryRules.Problem($"{Query}[{i}]", text, options.MaxStringLength) is { } problem)
            {
                throw new InferenceInputException(problem);
            }

            rows[i] = model.Search(new SearchQuery(text!, (int)k)).Hits;
            width = Math.Max(width, rows[i].Count);
        }

        var itemIds = new string[rows.Length * width];
        var scores = new float[rows.Length * width];
        Array.Fill(itemIds, "");
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                itemIds[(r * width) + c] = rows[r][c].ProductId;
                scores[(r * width) + c] = (float)rows[r][c].Score;
            }
        }

        long[] shape = [rows.Length, width];
        return
        [
            new(RecommendationTensors.ItemIds, BytesType, shape, itemIds, Batched: true),
            new(RecommendationTensors.Scores, Fp32Type, shape, scores, Batched: true),
        ];
    }
}
