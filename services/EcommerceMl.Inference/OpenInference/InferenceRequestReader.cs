using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>An inference request as read from its body: <c>id</c>, the input tensors, the names of the outputs asked for.</summary>
internal sealed record ParsedInferenceRequest(string? Id, IReadOnlyList<RequestTensor?>? Inputs, IReadOnlyList<string?>? Outputs);

/// <summary>
/// Reads the Open Inference Protocol's inference request (<c>{id?, parameters?, inputs, outputs?}</c>) straight from
/// the body's bytes with a <see cref="Utf8JsonReader"/>: each tensor's <c>data</c>, flat or nested, becomes its flat
/// list of <see cref="TensorElement"/>s as it is read — no document, no element tree, no second pass. It refuses
/// what the JSON itself gets wrong (syntax, a field of the wrong JSON type, an unknown field: a typo such as
/// <c>input</c> must not read as an empty request); the tensors' own checks are <see cref="TensorDecoder"/>'s.
/// Field names match case-insensitively and <c>shape</c> accepts numbers written as strings, as the web JSON
/// defaults the rest of the API binds with do. Pure; throws <see cref="InferenceInputException"/>.
/// </summary>
internal static class InferenceRequestReader
{
    private const string RequestFields = "id, parameters, inputs, outputs";
    private const string TensorFields = "name, shape, datatype, parameters, data";
    private const string OutputFields = "name, parameters";

    // Field names as UTF-8, in the order the switches below number them: compared to the body's bytes without decoding.
    private static readonly FieldNames RequestNames = new("id", "parameters", "inputs", "outputs");
    private static readonly FieldNames TensorNames = new("name", "shape", "datatype", "parameters", "data");
    private static readonly FieldNames OutputNames = new("name", "parameters");

    /// <summary>The request in <paramref name="body"/>, or null when the body is the JSON literal <c>null</c>.</summary>
    public static ParsedInferenceRequest? Read(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            return ReadRoot(ref reader);
        }
        catch (JsonException e)
        {
            throw new InferenceInputException(DescribeSyntax(e));
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader checks the UTF-8 inside a string only when it is decoded (GetString), and
            // says so with this exception: bad bytes from the client, a 400, not a server error (found by fuzz/).
            throw new InferenceInputException(
                $"The request body is not valid UTF-8: the string at byte {reader.TokenStartIndex + 1} holds bytes that are not UTF-8 text.");
        }
    }

    /// <summary>The same, for a body already in one piece (tests, small bodies).</summary>
    public static ParsedInferenceRequest? Read(ReadOnlySpan<byte> body) => Read(new ReadOnlySequence<byte>(body.ToArray()));

    private static ParsedInferenceRequest? ReadRoot(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            End(ref reader);
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InferenceInputException($"The request body is not valid JSON for this endpoint (byte {reader.TokenStartIndex + 1}): it must be a JSON object {{inputs, outputs?, id?, parameters?}}.");
        }

        string? id = null;
        List<RequestTensor?>? inputs = null;
        List<string?>? outputs = null;
        while (NextProperty(ref reader))
        {
            switch (Field(ref reader, RequestNames))
            {
                case 0:
                    reader.Read();
                    id = OptionalString(ref reader, null, 0, "id");
                    break;
                case 1:
                    reader.Read();
                    reader.Skip();
                    break;
                case 2:
                    reader.Read();
                    inputs = ReadInputs(ref reader);
                    break;
                case 3:
                    reader.Read();
                    outputs = ReadOutputs(ref reader);
                    break;
                default:
                    throw Unknown(ref reader, "the request body", RequestFields);
            }
        }

        End(ref reader);
        return new ParsedInferenceRequest(id, inputs, outputs);
    }

    private static List<RequestTensor?>? ReadInputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "inputs", "a list of tensors {name, shape, datatype, data}");
        var inputs = new List<RequestTensor?>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                inputs.Add(null);
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType(ref reader, $"inputs[{inputs.Count}]", "a tensor {name, shape, datatype, data}");
            }

            inputs.Add(ReadTensor(ref reader, inputs.Count));
        }

        return inputs;
    }

    private static RequestTensor ReadTensor(ref Utf8JsonReader reader, int index)
    {
        string? name = null;
        string? datatype = null;
        long[]? shape = null;
        TensorElement[]? data = null;
        string? problem = null;
        while (NextProperty(ref reader))
        {
            switch (Field(ref reader, TensorNames))
            {
                case 0:
                    reader.Read();
                    name = OptionalString(ref reader, "inputs", index, "name");
                    break;
                case 1:
                    reader.Read();
                    shape = ReadShape(ref reader, index);
                    break;
                case 2:
                    reader.Read();
                    datatype = OptionalString(ref reader, "inputs", index, "datatype");
                    break;
                case 3:
                    reader.Read();
                    reader.Skip();
                    break;
                case 4:
                    reader.Read();
                    (data, problem) = ReadData(ref reader);
                    break;
                default:
                    throw Unknown(ref reader, $"inputs[{index}]", TensorFields);
            }
        }

        return new RequestTensor(name, shape, datatype, data, problem);
    }

    private static long[]? ReadShape(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(ref reader, $"inputs[{index}].shape", "a list of whole numbers, e.g. [2]");
        }

        Span<long> small = stackalloc long[8];
        var count = 0;
        List<long>? large = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var dimension = reader.TokenType switch
            {
                JsonTokenType.Number when reader.TryGetInt64(out var n) => n,
                JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
                _ => throw WrongType(ref reader, $"inputs[{index}].shape[{count}]", "a whole number"),
            };
            if (count < small.Length)
            {
                small[count] = dimension;
            }
            else
            {
                large ??= [.. small];
                large.Add(dimension);
            }

            count++;
        }

        return large is null ? small[..count].ToArray() : [.. large];
    }

    /// <summary>
    /// A tensor's data, flattened row-major as it is read. Anything but an array is "no data" (the decoder says what
    /// to send); an object or null inside the array is recorded as the problem and skipped, so the rest still reads.
    /// </summary>
    private static (TensorElement[]? Data, string? Problem) ReadData(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return (null, null);
        }

        var elements = Scratch.Rent();
        string? problem = null;
        var depth = 1;
        while (depth > 0 && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.String:
                    elements.Add(TensorElement.String(reader.GetString()!));
                    break;
                case JsonTokenType.Number:
                    elements.Add(TensorElement.Numeric(
                        reader.TryGetDouble(out var number) ? number : double.NaN,
                        reader.TryGetInt64(out var integer) ? integer : null));
                    break;
                case JsonTokenType.True:
                    elements.Add(TensorElement.Boolean(true));
                    break;
                case JsonTokenType.False:
                    elements.Add(TensorElement.Boolean(false));
                    break;
                case JsonTokenType.Null:
                    problem ??= "data holds null values; elements must be numbers, strings or booleans.";
                    break;
                default:
                    problem ??= "data holds object values; elements must be numbers, strings or booleans.";
                    reader.Skip();
                    break;
            }
        }

        return ([.. elements], problem);
    }

    private static List<string?>? ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "outputs", "a list of {name}");
        var outputs = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                outputs.Add(null);
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType(ref reader, $"outputs[{outputs.Count}]", "an object {name}");
            }

            string? name = null;
            while (NextProperty(ref reader))
            {
                switch (Field(ref reader, OutputNames))
                {
                    case 0:
                        reader.Read();
                        name = OptionalString(ref reader, "outputs", outputs.Count, "name");
                        break;
                    case 1:
                        reader.Read();
                        reader.Skip();
                        break;
                    default:
                        throw Unknown(ref reader, $"outputs[{outputs.Count}]", OutputFields);
                }
            }

            outputs.Add(name);
        }

        return outputs;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Which of <paramref name="names"/> the current property is (exactly, else ignoring case), or -1.</summary>
    private static int Field(ref Utf8JsonReader reader, FieldNames names)
    {
        for (var i = 0; i < names.Utf8.Length; i++)
        {
            if (reader.ValueTextEquals(names.Utf8[i]))
            {
                return i;
            }
        }

        var name = reader.GetString();
        for (var i = 0; i < names.Text.Length; i++)
        {
            if (string.Equals(names.Text[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A string or null field; its path (<c>list[index].field</c>, or <c>field</c>) is built only to refuse it.</summary>
    private static string? OptionalString(ref Utf8JsonReader reader, string? list, int index, string field) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType(ref reader, list is null ? field : $"{list}[{index}].{field}", "a string"),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string path, string what)
    {
        if (reader.TokenType != token)
        {
            throw WrongType(ref reader, path, what);
        }
    }

    /// <summary>Reads past the root value; anything after it but whitespace is a syntax error the reader reports.</summary>
    private static void End(ref Utf8JsonReader reader)
    {
        reader.Read();
    }

    private static InferenceInputException WrongType(ref Utf8JsonReader reader, string path, string what)
    {
        var field = path[(path.LastIndexOf('.') + 1)..];
        return new InferenceInputException($"Wrong type for field '{field}' at $.{path} (byte {reader.TokenStartIndex + 1}): {field} must be {what}; got {Describe(reader.TokenType)}.");
    }

    private static InferenceInputException Unknown(ref Utf8JsonReader reader, string where, string accepted) =>
        new($"Unknown field '{reader.GetString()}' in {where}. Accepted fields: {accepted}.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    /// <summary>The reader's syntax error without its own position suffix, with the position as the rest of the API words it.</summary>
    private static string DescribeSyntax(JsonException e)
    {
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        reason = cut > 0 ? reason[..cut] : reason;
        var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        return $"The request body is not valid JSON{position}: {reason}";
    }

    private sealed class FieldNames(params string[] names)
    {
        public string[] Text { get; } = names;

        public byte[][] Utf8 { get; } = [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];
    }

    /// <summary>One list per thread to gather a tensor's elements in before they are copied to an exact-size array.</summary>
    private static class Scratch
    {
        private const int KeepAtMost = 4096;

        [ThreadStatic]
        private static List<TensorElement>? _threadList;

        public static List<TensorElement> Rent()
        {
            if (_threadList is null || _threadList.Capacity > KeepAtMost)
            {
                _threadList = new List<TensorElement>(16);
            }

            _threadList.Clear();
            return _threadList;
        }
    }
}
