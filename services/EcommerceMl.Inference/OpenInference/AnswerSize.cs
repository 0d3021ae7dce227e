using System.Globalization;
using EcommerceMl.Inference.Options;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// The bound on a tensor answer's size (<see cref="InferenceOptions.MaxAnswerBytes"/>), checked from the outputs' element
/// counts before anything is written: a few requested rows times a long second dimension (a forecast of a thousand
/// scopes over a year) must be refused, saying which of the two to reduce, not sent as tens of megabytes.
/// </summary>
internal static class AnswerSize
{
    /// <summary>JSON bytes of one element, as the answer writer writes it: about 18 digits and a comma for FP64.</summary>
    private const int DoubleBytes = 20;

    private const int FloatBytes = 12;

    /// <summary>Quotes and a comma around a BYTES element.</summary>
    private const int StringOverhead = 3;

    /// <summary>Name, shape and datatype around each tensor's data.</summary>
    private const int TensorOverhead = 64;

    /// <summary>The answer's approximate JSON size in bytes.</summary>
    public static long Estimate(IReadOnlyList<OutputTensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        long bytes = 0;
        for (var t = 0; t < outputs.Count; t++)
        {
            bytes += TensorOverhead + outputs[t].Data switch
            {
                double[] doubles => (long)doubles.Length * DoubleBytes,
                float[] floats => (long)floats.Length * FloatBytes,
                string[] strings => StringBytes(strings),
                var other => (long)other.Length * DoubleBytes,
            };
        }

        return bytes;
    }

    /// <summary>Throws <see cref="InferenceInputException"/> when <paramref name="bytes"/> is over the bound, naming the largest output's shape to reduce.</summary>
    public static void Check(long bytes, IReadOnlyList<OutputTensor> outputs, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(options);
        if (bytes <= options.MaxAnswerBytes)
        {
            return;
        }

        var largest = outputs.MaxBy(o => o.Data.Length)!;
        var shape = string.Join(", ", largest.Shape);
        var reduce = largest.Shape.Length > 1
            ? $"fewer rows ({largest.Shape[0].ToString(CultureInfo.InvariantCulture)} now) or fewer values per row ({largest.Shape[1].ToString(CultureInfo.InvariantCulture)} now: a shorter horizon, a smaller k)"
            : $"fewer rows ({largest.Shape[0].ToString(CultureInfo.InvariantCulture)} now)";
        throw new InferenceInputException(
            $"The answer would be about {bytes.ToString(CultureInfo.InvariantCulture)} bytes ('{largest.Name}' [{shape}]), more than MaxAnswerBytes ({options.MaxAnswerBytes.ToString(CultureInfo.InvariantCulture)}): ask for {reduce}, in several requests if need be.");
    }

    private static long StringBytes(string[] strings)
    {
        long bytes = 0;
        foreach (var s in strings)
        {
            bytes += s.Length + StringOverhead;
        }

        return bytes;
    }
}
