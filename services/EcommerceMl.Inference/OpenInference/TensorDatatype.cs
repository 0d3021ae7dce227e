namespace EcommerceMl.Inference.OpenInference;

/// <summary>The protocol's tensor datatypes and what an element of each must look like.</summary>
internal static class TensorDatatype
{
    public const string BoolType = "BOOL";
    public const string Int32Type = "INT32";
    public const string Int64Type = "INT64";
    public const string Fp32Type = "FP32";
    public const string Fp64Type = "FP64";
    public const string BytesType = "BYTES";

    public static readonly IReadOnlySet<string> IntegerTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "INT8", "INT16", Int32Type, Int64Type, "UINT8", "UINT16", "UINT32", "UINT64",
    };

    public static readonly IReadOnlySet<string> NumberTypes = new HashSet<string>(IntegerTypes, StringComparer.Ordinal) { "FP16", Fp32Type, Fp64Type };

    public static readonly IReadOnlySet<string> StringTypes = new HashSet<string>(StringComparer.Ordinal) { BytesType };

    public static readonly IReadOnlySet<string> BooleanTypes = new HashSet<string>(StringComparer.Ordinal) { BoolType };

    public static readonly IReadOnlySet<string> AllTypes = new HashSet<string>(NumberTypes, StringComparer.Ordinal) { BoolType, BytesType };

    /// <summary>Null when <paramref name="element"/> is a valid value of <paramref name="datatype"/>, else what is wrong.</summary>
    public static string? Check(string datatype, in TensorElement element) => datatype switch
    {
        BoolType => element.Kind is TensorElementKind.True or TensorElementKind.False ? null : "true or false",
        BytesType => element.Kind == TensorElementKind.String ? null : "a string",
        "FP16" => IsFinite(element, MaxHalf) ? null : "a finite number within FP16's range (±65504)",
        Fp32Type => IsFinite(element, float.MaxValue) ? null : "a finite number within FP32's range (±3.4028235E+38)",
        Fp64Type => IsFinite(element, double.MaxValue) ? null : "a finite number",
        _ => CheckInteger(datatype, element),
    };

    /// <summary>FP16's largest finite value: a larger number would be infinity once it is read as the type it claims.</summary>
    private const double MaxHalf = 65504;

    private static bool IsFinite(in TensorElement element, double max) =>
        element.Kind == TensorElementKind.Number && double.IsFinite(element.Number) && Math.Abs(element.Number) <= max;

    private static string? CheckInteger(string datatype, in TensorElement element)
    {
        (long Min, long Max) range = datatype switch
        {
            "INT8" => (sbyte.MinValue, sbyte.MaxValue),
            "INT16" => (short.MinValue, short.MaxValue),
            Int32Type => (int.MinValue, int.MaxValue),
            "UINT8" => (0, byte.MaxValue),
            "UINT16" => (0, ushort.MaxValue),
            "UINT32" => (0, uint.MaxValue),
            "UINT64" => (0, long.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
        // The message is built only for a refusal: this runs for every element of every request.
        return element.Kind == TensorElementKind.Number && element.IsInteger && element.Integer >= range.Min && element.Integer <= range.Max
            ? null
            : $"a whole number from {range.Min} to {range.Max}";
    }
}
