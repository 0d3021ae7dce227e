using System.Globalization;
using System.Text.Json;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// An input tensor whose shape, datatype and every element have been checked: <see cref="Elements"/> is
/// the flat row-major data, as long as the product of <see cref="Shape"/>.
/// </summary>
internal sealed record InputTensor(string Name, string Datatype, IReadOnlyList<long> Shape, IReadOnlyList<JsonElement> Elements)
{
    public int Count => Elements.Count;

    public string[] Strings() => [.. Elements.Select(e => e.GetString()!)];

    public double[] Doubles() => [.. Elements.Select(e => e.GetDouble())];

    public bool[] Bools() => [.. Elements.Select(e => e.GetBoolean())];

    /// <summary>The single value of a scalar input (checked by the signature to hold one element).</summary>
    public long Long() => Elements[0].GetInt64();

    public double Double() => Elements[0].GetDouble();

    public string Describe() => $"'{Name}' ({Datatype} [{string.Join(",", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}])";
}

/// <summary>A request the model cannot answer as sent; the message says which tensor and what to change (HTTP 400).</summary>
internal sealed class InferenceInputException(string message) : Exception(message);
