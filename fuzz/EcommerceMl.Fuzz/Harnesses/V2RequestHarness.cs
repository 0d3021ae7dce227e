using System.Text;
using EcommerceMl.Inference.OpenInference;

namespace EcommerceMl.Fuzz.Harnesses;

/// <summary>
/// The Open Inference (V2) request body as the server reads it: <see cref="InferenceRequestReader"/>,
/// then the tensors decoded against each task's signature. Bad input must be an
/// <see cref="InferenceInputException"/> (the server's 400).
/// </summary>
internal sealed class V2RequestHarness : IHarness
{
    private static readonly ModelSignature[] Signatures = [RecommendationTensors.Signature, ForecastTensors.Signature, ChurnTensors.Signature];

    public string Name => "v2-request";

    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var request = InferenceRequestReader.Read(input);
            foreach (var signature in Signatures)
            {
                try
                {
                    TensorDecoder.Decode(request?.Inputs, signature);
                }
                catch (InferenceInputException)
                {
                    // Refused for this task; the next signature may accept it.
                }
            }
        }
        catch (InferenceInputException)
        {
            // The documented refusal: a 400 naming the field and byte.
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string repositoryRoot)
    {
        // The request shapes of the README and the endpoint tests, one per task and data layout.
        string[] bodies =
        [
            """{"id": "r1", "parameters": {"a": [1, {"b": null}]}, "inputs": [{"name": "customer_id", "shape": [2], "datatype": "BYTES", "parameters": {"x": 1}, "data": ["c1", "c\u00e9"]}, {"name": "k", "shape": [1], "datatype": "INT32", "data": [3]}], "outputs": [{"name": "scores", "parameters": {}}, null]}""",
            """{"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP64", "data": [[1, 2.5, -3], [true, false, "s"]]}]}""",
            """{"inputs": [{"name": "product_id", "shape": [2], "datatype": "BYTES", "data": ["p1", "p2"]}, {"name": "horizon", "shape": [1], "datatype": "INT32", "data": [7]}]}""",
            """{"inputs": [{"name": "recency_days", "shape": [2], "datatype": "FP32", "data": [3.5, 1e3]}, {"name": "frequency", "shape": [2], "datatype": "FP16", "data": [1, 65504]}]}""",
            """{"id": "split", "inputs": [{"name": "customer_id", "shape": [3], "datatype": "BYTES", "data": ["alpha", "beta", "gamma"]}]}""",
            "null",
        ];
        return bodies.Select((b, i) => ($"body-{i}", Encoding.UTF8.GetBytes(b)));
    }
}
