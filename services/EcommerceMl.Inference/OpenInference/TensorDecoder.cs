using System.Text.Json;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// Checks a request's input tensors against the protocol (name, shape, datatype, data as a flat or nested
/// array whose element count is the product of the shape) and against the model's signature (known names,
/// accepted datatypes, scalars holding one element, no duplicates). Pure.
/// </summary>
internal static class TensorDecoder
{
    public static IReadOnlyDictionary<string, InputTensor> Decode(IReadOnlyList<RequestInput?>? inputs, ModelSignature signature)
    {
        if (inputs is null || inputs.Count == 0)
        {
            throw new InferenceInputException($"'inputs' is required: a list of tensors {{name, shape, datatype, data}}. This model accepts {signature.DescribeInputs()}.");
        }

        var decoded = new Dictionary<string, InputTensor>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var tensor = DecodeOne(inputs[i], i);
            var spec = signature.Input(tensor.Name)
                ?? throw new InferenceInputException($"inputs[{i}]: unknown input '{tensor.Name}'. This model accepts {signature.DescribeInputs()}.");
            if (!spec.Accepts.Contains(tensor.Datatype))
            {
                throw new InferenceInputException(
                    $"inputs[{i}] '{tensor.Name}': datatype {tensor.Datatype} is not accepted; send {spec.Datatype} (accepted: {string.Join(", ", spec.Accepts.Order(StringComparer.Ordinal))}).");
            }

            if (spec.Scalar && tensor.Count != 1)
            {
                throw new InferenceInputException($"inputs[{i}] '{tensor.Name}': must hold exactly one element (shape [1]); it holds {tensor.Count}.");
            }

            if (!decoded.TryAdd(tensor.Name, tensor))
            {
                throw new InferenceInputException($"inputs[{i}]: input '{tensor.Name}' is given twice.");
            }
        }

        return decoded;
    }

    /// <summary>Checks one tensor against the protocol alone.</summary>
    public static InputTensor DecodeOne(RequestInput? input, int index)
    {
        var at = $"inputs[{index}]";
        if (input is null)
        {
            throw new InferenceInputException($"{at} is null: send {{name, shape, datatype, data}}.");
        }

        if (string.IsNullOrWhiteSpace(input.Name))
        {
            throw new InferenceInputException($"{at}: 'name' is required.");
        }

        at = $"{at} '{input.Name}'";
        if (input.Shape is null)
        {
            throw new InferenceInputException($"{at}: 'shape' is required, e.g. [2] for two values.");
        }

        if (input.Shape.Any(d => d < 0))
        {
            throw new InferenceInputException($"{at}: shape dimensions must be 0 or more; got [{string.Join(",", input.Shape)}].");
        }

        if (string.IsNullOrWhiteSpace(input.Datatype))
        {
            throw new InferenceInputException($"{at}: 'datatype' is required (BOOL, INT8…INT64, UINT8…UINT64, FP16, FP32, FP64 or BYTES).");
        }

        if (!TensorDatatype.AllTypes.Contains(input.Datatype))
        {
            throw new InferenceInputException(
                $"{at}: datatype '{input.Datatype}' is not a protocol datatype (BOOL, INT8…INT64, UINT8…UINT64, FP16, FP32, FP64 or BYTES).");
        }

        if (input.Data is not { ValueKind: JsonValueKind.Array } data)
        {
            throw new InferenceInputException($"{at}: 'data' is required and must be an array (flat or nested, row-major).");
        }

        var elements = new List<JsonElement>();
        Flatten(data, elements, at);
        // A double, not a long: a hostile shape such as [2^40, 2^40] must not overflow into a match.
        var expected = input.Shape.Aggregate(1.0, (product, d) => product * d);
        if (expected != elements.Count)
        {
            throw new InferenceInputException(
                $"{at}: shape [{string.Join(",", input.Shape)}] holds {expected.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} element(s) but data has {elements.Count}.");
        }

        for (var i = 0; i < elements.Count; i++)
        {
            if (TensorDatatype.Check(input.Datatype, elements[i]) is { } wanted)
            {
                throw new InferenceInputException($"{at}: data[{i}] must be {wanted} for datatype {input.Datatype}; got {elements[i].GetRawText()}.");
            }
        }

        return new InputTensor(input.Name, input.Datatype, input.Shape, elements);
    }

    private static void Flatten(JsonElement array, List<JsonElement> into, string at)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, into, at);
            }
            else if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            {
                throw new InferenceInputException($"{at}: data holds {item.ValueKind.ToString().ToLowerInvariant()} values; elements must be numbers, strings or booleans.");
            }
            else
            {
                into.Add(item);
            }
        }
    }
}
