using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceMl.Contracts.Events;

/// <summary>The one serializer of stored events: camelCase, nulls left out, one compact JSON object per line.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The event as one UTF-8 JSON line, ending in '\n'.</summary>
    public static byte[] ToLine(ShopEventRecord e)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.ShopEventRecord);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>Reads one line; throws <see cref="JsonException"/> when it is not a stored event.</summary>
    public static ShopEventRecord FromLine(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize(line, EventJsonContext.Default.ShopEventRecord) ?? throw new JsonException("An event line is 'null'.");
}

/// <summary>
/// The stored event's serializer, generated at compile time with <see cref="EventJson.Options"/>' settings: training
/// reads millions of lines per run, and reflection-built metadata was most of the cost of reading the sink.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShopEventRecord))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
