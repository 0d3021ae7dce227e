using System.Globalization;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// An input tensor as the request sent it, before any check (<see cref="TensorDecoder"/> does those): the reader
/// records what it found so the checks can run in the protocol's order and name the first thing to fix.
/// <see cref="Data"/> is null when <c>data</c> is missing, null or not an array; <see cref="DataProblem"/> names
/// the first element that is neither a number, a string nor a boolean (an object, an array in the wrong place, null).
/// </summary>
internal sealed record RequestTensor(string? Name, long[]? Shape, string? Datatype, TensorElement[]? Data, string? DataProblem = null);

/// <summary>What a JSON element of a tensor's <c>data</c> is.</summary>
internal enum TensorElementKind
{
    String,
    Number,
    True,
    False,
}

/// <summary>
/// One element of a tensor's flat row-major data, parsed once by the reader: its text for a string; for a number its
/// double value (NaN when it does not fit one) and, when it is written as a whole number that fits, its 64-bit integer.
/// </summary>
internal readonly record struct TensorElement(TensorElementKind Kind, string? Text = null, double Number = double.NaN, long Integer = 0, bool IsInteger = false)
{
    public static TensorElement String(string text) => new(TensorElementKind.String, text);

    public static TensorElement Boolean(bool value) => new(value ? TensorElementKind.True : TensorElementKind.False);

    public static TensorElement Numeric(double number, long? integer) =>
        new(TensorElementKind.Number, null, number, integer ?? 0, integer.HasValue);

    /// <summary>The element as JSON, for an error message ("got 7", "got \"c1\"").</summary>
    public string Describe() => Kind switch
    {
        TensorElementKind.String => $"\"{System.Text.Json.JsonEncodedText.Encode(Text ?? "").Value}\"",
        TensorElementKind.True => "true",
        TensorElementKind.False => "false",
        _ when IsInteger => Integer.ToString(CultureInfo.InvariantCulture),
        _ => double.IsFinite(Number) ? Number.ToString("R", CultureInfo.InvariantCulture) : "a number out of range",
    };
}
