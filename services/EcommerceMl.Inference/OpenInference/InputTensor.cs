using System.Globalization;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// An input tensor whose shape, datatype and every element have been checked: <see cref="Elements"/> is
/// the flat row-major data, as long as the product of <see cref="Shape"/>, each element valid for <see cref="Datatype"/>.
/// </summary>
internal sealed record InputTensor(string Name, string Datatype, IReadOnlyList<long> Shape, TensorElement[] Elements)
{
    public int Count => Elements.Length;

    public string[] Strings()
    {
        var values = new string[Elements.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Elements[i].Text!;
        }

        return values;
    }

    public double[] Doubles()
    {
        var values = new double[Elements.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Elements[i].Number;
        }

        return values;
    }

    public bool[] Bools()
    {
        var values = new bool[Elements.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Elements[i].Kind == TensorElementKind.True;
        }

        return values;
    }

    /// <summary>The single value of a scalar integer input (checked by the signature to hold one whole number).</summary>
    public long Long() => Elements[0].Integer;

    public double Double() => Elements[0].Number;

    public string Describe() => $"'{Name}' ({Datatype} [{string.Join(",", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}])";
}

/// <summary>
/// A request the model cannot answer as sent; the message says which tensor and what to change. HTTP 400, or 422
/// when the input is well formed but the model cannot answer it (a forecast from a model too old for the range).
/// </summary>
internal sealed class InferenceInputException(string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
