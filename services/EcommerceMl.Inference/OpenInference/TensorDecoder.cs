namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// Checks a request's input tensors, as <see cref="InferenceRequestReader"/> read them, against the protocol (name,
/// shape, datatype, data as a flat or nested array whose element count is the product of the shape) and against the
/// model's signature (known names, accepted datatypes, scalars holding one element, no duplicates). Pure.
/// </summary>
internal static class TensorDecoder
{
    /// <param name="maxStringLength">Longest BYTES element accepted, in characters (<c>MaxStringLength</c>).</param>
    public static IReadOnlyDictionary<string, InputTensor> Decode(IReadOnlyList<RequestTensor?>? inputs, ModelSignature signature, int maxStringLength = int.MaxValue)
    {
        if (inputs is null || inputs.Count == 0)
        {
            throw new InferenceInputException($"'inputs' is required: a list of tensors {{name, shape, datatype, data}}. This model accepts {signature.DescribeInputs()}.");
        }

        var decoded = new Dictionary<string, InputTensor>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var tensor = DecodeOne(inputs[i], i, maxStringLength);
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

    /// <summary>
    /// Where an error is, built only when there is one. Static, not a local function capturing the tensor: this runs
    /// for every input of every request, and a capture would allocate its closure each time.
    /// </summary>
    private static string At(RequestTensor? input, int index) =>
        input?.Name is { } name && !string.IsNullOrWhiteSpace(name) ? $"inputs[{index}] '{name}'" : $"inputs[{index}]";

    /// <summary>Checks one tensor against the protocol alone.</summary>
    public static InputTensor DecodeOne(RequestTensor? input, int index, int maxStringLength = int.MaxValue)
    {
        if (input is null)
        {
            throw new InferenceInputException($"{At(input, index)} is null: send {{name, shape, datatype, data}}.");
        }

        if (string.IsNullOrWhiteSpace(input.Name))
        {
            throw new InferenceInputException($"{At(input, index)}: 'name' is required.");
        }

        if (input.Shape is null)
        {
            throw new InferenceInputException($"{At(input, index)}: 'shape' is required, e.g. [2] for two values.");
        }

        // A double, not a long: a hostile shape such as [2^40, 2^40] must not overflow into a match.
        var expected = 1.0;
        for (var d = 0; d < input.Shape.Length; d++)
        {
            if (input.Shape[d] < 0)
            {
                throw new InferenceInputException($"{At(input, index)}: shape dimensions must be 0 or more; got [{string.Join(",", input.Shape)}].");
            }

            expected *= input.Shape[d];
        }

        if (string.IsNullOrWhiteSpace(input.Datatype))
        {
            throw new InferenceInputException($"{At(input, index)}: 'datatype' is required (BOOL, INT8…INT64, UINT8…UINT64, FP16, FP32, FP64 or BYTES).");
        }

        if (!TensorDatatype.AllTypes.Contains(input.Datatype))
        {
            throw new InferenceInputException(
                $"{At(input, index)}: datatype '{input.Datatype}' is not a protocol datatype (BOOL, INT8…INT64, UINT8…UINT64, FP16, FP32, FP64 or BYTES).");
        }

        if (input.Data is not { } elements)
        {
            throw new InferenceInputException($"{At(input, index)}: 'data' is required and must be an array (flat or nested, row-major).");
        }

        if (input.DataProblem is { } problem)
        {
            throw new InferenceInputException($"{At(input, index)}: {problem}");
        }

        if (expected != elements.Length)
        {
            throw new InferenceInputException(
                $"{At(input, index)}: shape [{string.Join(",", input.Shape)}] holds {expected.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} element(s) but data has {elements.Length}.");
        }

        for (var i = 0; i < elements.Length; i++)
        {
            if (TensorDatatype.Check(input.Datatype, elements[i]) is { } wanted)
            {
                throw new InferenceInputException($"{At(input, index)}: data[{i}] must be {wanted} for datatype {input.Datatype}; got {elements[i].Describe()}.");
            }

            if (elements[i].Text is { Length: var length } && length > maxStringLength)
            {
                throw new InferenceInputException($"{At(input, index)}: data[{i}] holds {length} characters; at most {maxStringLength} (MaxStringLength) are accepted.");
            }
        }

        return new InputTensor(input.Name, input.Datatype, input.Shape, elements);
    }
}
