using System.Text.Json;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// Reads one stored event line (<see cref="EventJson.ToLine"/>) with a hand-written <see cref="Utf8JsonReader"/> loop:
/// the serializer's generic machinery was about 90 % of the CPU of reading the sink (bench: <c>events-read</c>). It
/// knows the line exactly as the writer makes it — camelCase names, numbers as numbers, the event types as the
/// schema's constants (shared, not allocated per event) — and hands anything else (another spelling of a name, a
/// number in quotes, an unknown field, a missing required field, bad JSON) to <see cref="EventJson.FromLine"/>, so it
/// accepts and refuses exactly what the serializer does (tests: <c>StoredEventParserTests</c>).
/// </summary>
public static class StoredEventParser
{
    private static readonly (byte[] Utf8, string Text)[] KnownTypes = [.. EventSchema.Types.Select(t => (System.Text.Encoding.UTF8.GetBytes(t), t))];

    /// <summary>The event of one line; throws <see cref="JsonException"/> when the serializer would.</summary>
    public static ShopEventRecord Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            // The writer's exact shape byte by byte first; the reader below for anything else, then the serializer.
            return StoredEventScanner.TryScan(line) ?? TryParse(line) ?? EventJson.FromLine(line);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // The fast path met something it does not take apart itself: the serializer answers (or throws its own error).
            return EventJson.FromLine(line);
        }
    }

    /// <summary>The event, or null when the line holds something only the serializer knows how to read.</summary>
    internal static ShopEventRecord? TryParse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int? schemaVersion = null;
        string? id = null, type = null;
        DateTimeOffset? occurredAt = null, receivedAt = null;
        string? sessionId = null, customerId = null, visitorId = null, productId = null, recommendationId = null, query = null;
        string? stepName = null, orderId = null, name = null, clientIp = null, userAgent = null;
        int? resultCount = null, step = null;
        EventSource? source = null;
        List<PurchaseLine>? lines = null;
        Dictionary<string, JsonElement>? properties = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = RequiredString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = Type(ref reader);
            }
            else if (reader.ValueTextEquals("occurredAt"u8))
            {
                occurredAt = Time(ref reader);
            }
            else if (reader.ValueTextEquals("receivedAt"u8))
            {
                receivedAt = Time(ref reader);
            }
            else if (reader.ValueTextEquals("schemaVersion"u8))
            {
                schemaVersion = Integer(ref reader) ?? throw new FormatException("schemaVersion is null");
            }
            else if (reader.ValueTextEquals("sessionId"u8))
            {
                sessionId = String(ref reader);
            }
            else if (reader.ValueTextEquals("customerId"u8))
            {
                customerId = String(ref reader);
            }
            else if (reader.ValueTextEquals("visitorId"u8))
            {
                visitorId = String(ref reader);
            }
            else if (reader.ValueTextEquals("productId"u8))
            {
                productId = String(ref reader);
            }
            else if (reader.ValueTextEquals("source"u8))
            {
                source = Source(ref reader);
            }
            else if (reader.ValueTextEquals("recommendationId"u8))
            {
                recommendationId = String(ref reader);
            }
            else if (reader.ValueTextEquals("query"u8))
            {
                query = String(ref reader);
            }
            else if (reader.ValueTextEquals("resultCount"u8))
            {
                resultCount = Integer(ref reader);
            }
            else if (reader.ValueTextEquals("step"u8))
            {
                step = Integer(ref reader);
            }
            else if (reader.ValueTextEquals("stepName"u8))
            {
                stepName = String(ref reader);
            }
            else if (reader.ValueTextEquals("orderId"u8))
            {
                orderId = String(ref reader);
            }
            else if (reader.ValueTextEquals("lines"u8))
            {
                lines = Lines(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                name = String(ref reader);
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                properties = Properties(ref reader);
            }
            else if (reader.ValueTextEquals("clientIp"u8))
            {
                clientIp = String(ref reader);
            }
            else if (reader.ValueTextEquals("userAgent"u8))
            {
                userAgent = String(ref reader);
            }
            else
            {
                return null; // a name the writer does not write
            }
        }

        // The object must have ended, and nothing but whitespace may follow it.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()
            || schemaVersion is null || id is null || type is null || occurredAt is null || receivedAt is null)
        {
            return null;
        }

        return new ShopEventRecord
        {
            SchemaVersion = schemaVersion.Value,
            Id = id,
            Type = type,
            OccurredAt = occurredAt.Value,
            ReceivedAt = receivedAt.Value,
            SessionId = sessionId,
            CustomerId = customerId,
            VisitorId = visitorId,
            ProductId = productId,
            Source = source,
            RecommendationId = recommendationId,
            Query = query,
            ResultCount = resultCount,
            Step = step,
            StepName = stepName,
            OrderId = orderId,
            Lines = lines,
            Name = name,
            Properties = properties,
            ClientIp = clientIp,
            UserAgent = userAgent,
        };
    }

    private static string? String(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new FormatException("not a string"),
        };
    }

    private static string RequiredString(ref Utf8JsonReader reader) => String(ref reader) ?? throw new FormatException("a required string is null");

    /// <summary>The schema's own constant for a known type (one string for millions of events), else the text.</summary>
    private static string Type(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FormatException("type is not a string");
        }

        foreach (var (utf8, text) in KnownTypes)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return text;
            }
        }

        return reader.GetString()!;
    }

    private static DateTimeOffset Time(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetDateTimeOffset() : throw new FormatException("a time is not a string");
    }

    private static int? Integer(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetInt32(),
            JsonTokenType.Null => null,
            _ => throw new FormatException("not a number"),
        };
    }

    private static decimal? Decimal(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDecimal(),
            JsonTokenType.Null => null,
            _ => throw new FormatException("not a number"),
        };
    }

    private static EventSource? Source(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        string? page = null;
        int? position = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("page"u8))
            {
                page = String(ref reader);
            }
            else if (reader.ValueTextEquals("position"u8))
            {
                position = Integer(ref reader);
            }
            else
            {
                throw new FormatException("an unknown field of source");
            }
        }

        return new EventSource(page, position);
    }

    private static List<PurchaseLine>? Lines(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray);
        var lines = new List<PurchaseLine>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? productId = null;
            int? quantity = null;
            decimal? unitPrice = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("productId"u8))
                {
                    productId = String(ref reader);
                }
                else if (reader.ValueTextEquals("quantity"u8))
                {
                    quantity = Integer(ref reader);
                }
                else if (reader.ValueTextEquals("unitPrice"u8))
                {
                    unitPrice = Decimal(ref reader);
                }
                else
                {
                    throw new FormatException("an unknown field of a purchase line");
                }
            }

            lines.Add(new PurchaseLine(productId, quantity, unitPrice));
        }

        Expect(ref reader, JsonTokenType.EndArray); // a null or a scalar among the lines: the serializer's to judge
        return lines;
    }

    private static Dictionary<string, JsonElement>? Properties(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        var properties = new Dictionary<string, JsonElement>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            properties[key] = JsonElement.ParseValue(ref reader);
        }

        return properties;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new FormatException($"expected {token}, found {reader.TokenType}");
        }
    }
}
