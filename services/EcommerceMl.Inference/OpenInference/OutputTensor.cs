namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// An output tensor before it is written: flat row-major <see cref="Data"/> (string[], double[] or float[]).
/// <see cref="Batched"/> says the first dimension is one row per request item, which the V1 protocol's
/// one-prediction-per-instance answer needs to know.
/// </summary>
internal sealed record OutputTensor(string Name, string Datatype, long[] Shape, Array Data, bool Batched)
{
    public ResponseOutput ToResponse() => new(Name, Shape, Datatype, Data);

    /// <summary>Row <paramref name="row"/> of a batched tensor: a value for shape [n], an array for [n, m].</summary>
    public object? Row(int row)
    {
        if (!Batched)
        {
            return Data;
        }

        if (Shape.Length == 1)
        {
            return Data.GetValue(row);
        }

        var width = (int)Shape[1];
        var slice = Array.CreateInstance(Data.GetType().GetElementType()!, width);
        Array.Copy(Data, row * width, slice, 0, width);
        return slice;
    }
}
