using System.Text.Json;
using EcommerceMl.Inference.Json;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// The inference response, <c>{model_name, model_version, id?, outputs: [{name, shape, datatype, data}]}</c>, written
/// field by field with the thread's <see cref="Utf8JsonWriter"/> into its reused buffer (<see cref="JsonBuffers"/>) and
/// sent with its Content-Length: no response objects, no boxing of the tensors' arrays, no serializer metadata lookups.
/// The bytes are those <see cref="InferenceResponse"/> serializes to (that type stays the documented shape).
/// </summary>
internal sealed class InferenceAnswer(string modelName, string modelVersion, string? id, IReadOnlyList<OutputTensor> outputs) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) =>
        JsonBuffers.SendAsync(httpContext, StatusCodes.Status200OK, this, static (writer, answer) => answer.Write(writer));

    /// <summary>The bytes <see cref="ExecuteAsync"/> sends, as an array to keep (<see cref="Models.AnswerCache"/>).</summary>
    internal byte[] ToArray() => JsonBuffers.ToArray(this, static (writer, answer) => answer.Write(writer));

    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, modelName);
        writer.WriteString("model_version"u8, modelVersion);
        if (id is not null)
        {
            writer.WriteString("id"u8, id);
        }

        writer.WriteStartArray("outputs"u8);
        for (var i = 0; i < outputs.Count; i++)
        {
            WriteTensor(writer, outputs[i]);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTensor(Utf8JsonWriter writer, OutputTensor tensor)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, tensor.Name);
        writer.WriteStartArray("shape"u8);
        foreach (var dimension in tensor.Shape)
        {
            writer.WriteNumberValue(dimension);
        }

        writer.WriteEndArray();
        writer.WriteString("datatype"u8, tensor.Datatype);
        writer.WriteStartArray("data"u8);
        switch (tensor.Data)
        {
            case string[] strings:
                foreach (var value in strings)
                {
                    writer.WriteStringValue(value);
                }

                break;
            case float[] floats:
                foreach (var value in floats)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case double[] doubles:
                foreach (var value in doubles)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            default:
                throw new InvalidOperationException($"Output '{tensor.Name}' holds {tensor.Data.GetType().Name}; tensors are string[], float[] or double[].");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
