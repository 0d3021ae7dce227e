using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>The V1 protocol's request: <c>{"instances": [...]}</c>, one object of named inputs per instance.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PredictRequest(IReadOnlyList<JsonElement>? Instances = null);

public sealed record PredictResponse(IReadOnlyList<IReadOnlyDictionary<string, object?>> Predictions);

public sealed record ModelReadyResponse(string Name, bool Ready);

/// <summary>
/// Maps a V1 instance onto the same named tensors as V2 — <c>{"customer_id": "c1", "k": 5}</c> becomes
/// <c>customer_id</c> BYTES [1] and <c>k</c> INT64 [1] — and a batch-of-one answer back to one prediction
/// (a value per output, or the row of a [1, k] output). Pure.
/// </summary>
internal static class V1Instances
{
    public static IReadOnlyList<RequestTensor?> ToInputs(JsonElement instance, int index)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            throw new InferenceInputException(
                $"instances[{index}] must be an object of named inputs, e.g. {{\"customer_id\": \"c1\", \"k\": 5}}; got {instance.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var inputs = new List<RequestTensor?>();
        foreach (var field in instance.EnumerateObject())
        {
            var value = field.Value;
            (string Datatype, TensorElement Element)? tensor = value.ValueKind switch
            {
                JsonValueKind.String => (TensorDatatype.BytesType, TensorElement.String(value.GetString()!)),
                JsonValueKind.True or JsonValueKind.False => (TensorDatatype.BoolType, TensorElement.Boolean(value.GetBoolean())),
                JsonValueKind.Number when value.TryGetInt64(out var integer) => (TensorDatatype.Int64Type, TensorElement.Numeric(value.GetDouble(), integer)),
                JsonValueKind.Number => (TensorDatatype.Fp64Type, TensorElement.Numeric(value.TryGetDouble(out var number) ? number : double.NaN, null)),
                JsonValueKind.Null => null,
                _ => throw new InferenceInputException(
                    $"instances[{index}].{field.Name} must be a single string, number or boolean; got {value.ValueKind.ToString().ToLowerInvariant()}."),
            };
            if (tensor is { } t)
            {
                inputs.Add(new RequestTensor(field.Name, [1], t.Datatype, [t.Element]));
            }
        }

        return inputs;
    }

    public static IReadOnlyDictionary<string, object?> ToPrediction(IReadOnlyList<OutputTensor> outputs) =>
        outputs.ToDictionary(o => o.Name, o => o.Row(0), StringComparer.Ordinal);
}
