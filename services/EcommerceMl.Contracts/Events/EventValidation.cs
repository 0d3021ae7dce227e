using System.Globalization;
using System.Text.Json;

namespace EcommerceMl.Contracts.Events;

/// <summary>A refused field: where (<c>events[3].lines[0].quantity</c>) and why, in words a client developer can act on.</summary>
public sealed record EventError(string Field, string Message);

/// <summary>The outcome of checking one event: the record to keep, or the reasons it was refused (never both).</summary>
public sealed record EventCheck(ShopEventRecord? Event, IReadOnlyList<EventError> Errors)
{
    public bool IsValid => Event is not null;
}

/// <summary>
/// Checks one event a client sent against the schema and <see cref="EventLimits"/>, and turns it into what the sink
/// stores. Pure: the clock's reading and, for v1 events that carry none, the id are given.
/// </summary>
public static class EventValidation
{
    /// <param name="item">The event as sent (null when the client sent <c>null</c>).</param>
    /// <param name="schemaVersion"><see cref="EventSchema.V1"/> or <see cref="EventSchema.V2"/>.</param>
    /// <param name="path">How errors name the item, e.g. <c>events[3]</c>.</param>
    /// <param name="now">The server's time of receipt.</param>
    /// <param name="v1Id">The id a v1 event gets (v1 clients send none).</param>
    public static EventCheck Check(EventInput? item, int schemaVersion, string path, DateTimeOffset now, EventLimits limits, string v1Id)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new List<EventError>();
        if (item is null)
        {
            errors.Add(new(path, $"{path} is null: send an event object."));
            return new(null, errors);
        }

        var record = schemaVersion switch
        {
            EventSchema.V1 => CheckV1(item, path, now, limits, v1Id, errors),
            EventSchema.V2 => CheckV2(item, path, now, limits, errors),
            _ => throw new ArgumentOutOfRangeException(nameof(schemaVersion), schemaVersion, "Only schema versions 1 and 2 exist."),
        };
        return errors.Count == 0 ? new(record, []) : new(null, errors);
    }

    private static ShopEventRecord CheckV1(EventInput item, string path, DateTimeOffset now, EventLimits limits, string id, List<EventError> errors)
    {
        string? type = null;
        if (item.Type is null || !EventSchema.V1Types.TryGetValue(item.Type, out type))
        {
            errors.Add(new($"{path}.type", $"{path}.type must be one of {string.Join(", ", EventSchema.V1Types.Keys)}; got {Quote(item.Type)} (schema v1: send schemaVersion 2 for the other types)."));
        }

        Required(errors, path, "customerId", item.CustomerId, limits);
        Required(errors, path, "productId", item.ProductId, limits);
        foreach (var field in V2OnlyFields(item).Concat(item.Unknown?.Keys ?? Enumerable.Empty<string>()))
        {
            errors.Add(new($"{path}.{field}", $"{path}.{field} is not a field of a v1 event (send schemaVersion 2 for properties)."));
        }

        var occurredAt = item.OccurredAt is null ? now : ParseTime(errors, path, item.OccurredAt, requireOffset: false);
        CheckNotFuture(errors, path, occurredAt, now, limits);
        return new ShopEventRecord
        {
            SchemaVersion = EventSchema.V1,
            Id = id,
            Type = type ?? "",
            OccurredAt = occurredAt,
            ReceivedAt = now,
            CustomerId = item.CustomerId,
            ProductId = item.ProductId,
        };
    }

    /// <summary>The v2 fields a v1 event carries: a v1 body sends none (unknown fields were always refused there).</summary>
    private static IEnumerable<string> V2OnlyFields(EventInput item)
    {
        (string Name, object? Value)[] fields =
        [
            ("id", item.Id), ("sessionId", item.SessionId), ("visitorId", item.VisitorId), ("source", item.Source),
            ("recommendationId", item.RecommendationId), ("query", item.Query), ("resultCount", item.ResultCount), ("step", item.Step),
            ("stepName", item.StepName), ("orderId", item.OrderId), ("lines", item.Lines), ("name", item.Name), ("properties", item.Properties),
        ];
        return fields.Where(f => f.Value is not null).Select(f => f.Name);
    }

    private static ShopEventRecord CheckV2(EventInput item, string path, DateTimeOffset now, EventLimits limits, List<EventError> errors)
    {
        Required(errors, path, "id", item.Id, limits);
        if (item.Type is null || !EventSchema.Types.Contains(item.Type))
        {
            errors.Add(new($"{path}.type", $"{path}.type must be one of {string.Join(", ", EventSchema.Types)}; got {Quote(item.Type)}."));
        }

        DateTimeOffset occurredAt = default;
        if (item.OccurredAt is null)
        {
            errors.Add(new($"{path}.occurredAt", $"{path}.occurredAt is required: ISO 8601 with its offset, e.g. 2026-12-06T09:30:00+01:00."));
        }
        else
        {
            occurredAt = ParseTime(errors, path, item.OccurredAt, requireOffset: true);
            CheckNotFuture(errors, path, occurredAt, now, limits);
        }

        Required(errors, path, "sessionId", item.SessionId, limits);
        if (string.IsNullOrWhiteSpace(item.CustomerId) && string.IsNullOrWhiteSpace(item.VisitorId))
        {
            errors.Add(new($"{path}.customerId", $"{path} needs customerId (a signed-in shopper) or visitorId (an anonymous one)."));
        }

        Optional(errors, path, "customerId", item.CustomerId, limits);
        Optional(errors, path, "visitorId", item.VisitorId, limits);
        Optional(errors, path, "productId", item.ProductId, limits);
        Optional(errors, path, "recommendationId", item.RecommendationId, limits);
        Optional(errors, path, "source.page", item.Source?.Page, limits);
        if (item.Source?.Position < 0)
        {
            errors.Add(new($"{path}.source.position", $"{path}.source.position must be 0 or more; got {item.Source.Position}."));
        }

        CheckType(item, path, limits, errors);
        var properties = CheckProperties(item, path, limits, errors);
        return new ShopEventRecord
        {
            SchemaVersion = EventSchema.V2,
            Id = item.Id ?? "",
            Type = item.Type ?? "",
            OccurredAt = occurredAt,
            ReceivedAt = now,
            SessionId = item.SessionId,
            CustomerId = Blank(item.CustomerId),
            VisitorId = Blank(item.VisitorId),
            ProductId = Blank(item.ProductId),
            Source = item.Source,
            RecommendationId = Blank(item.RecommendationId),
            Query = item.Query,
            ResultCount = item.ResultCount,
            Step = item.Step,
            StepName = item.StepName,
            OrderId = item.OrderId,
            Lines = item.Lines?.Select(l => l!).ToList(),
            Name = item.Name,
            Properties = properties,
        };
    }

    /// <summary>What each event type needs beyond the common fields.</summary>
    private static void CheckType(EventInput item, string path, EventLimits limits, List<EventError> errors)
    {
        switch (item.Type)
        {
            case EventSchema.PageView:
                Required(errors, path, "source.page", item.Source?.Page, limits);
                break;
            case EventSchema.ProductView or EventSchema.AddToCart or EventSchema.RemoveFromCart:
                Required(errors, path, "productId", item.ProductId, limits);
                break;
            case EventSchema.Search:
                Required(errors, path, "query", item.Query, limits);
                if (item.ResultCount is not >= 0)
                {
                    errors.Add(new($"{path}.resultCount", $"{path}.resultCount is required for a search: how many results it showed (0 or more); got {Quote(item.ResultCount?.ToString(CultureInfo.InvariantCulture))}."));
                }

                break;
            case EventSchema.CheckoutStep:
                if (item.Step is not >= 1)
                {
                    errors.Add(new($"{path}.step", $"{path}.step is required for a checkout_step: its number, 1 or more; got {Quote(item.Step?.ToString(CultureInfo.InvariantCulture))}."));
                }

                Required(errors, path, "stepName", item.StepName, limits);
                break;
            case EventSchema.Purchase:
                Required(errors, path, "orderId", item.OrderId, limits);
                CheckLines(item.Lines, path, limits, errors);
                break;
            case EventSchema.Custom:
                Required(errors, path, "name", item.Name, limits);
                break;
        }
    }

    private static void CheckLines(IReadOnlyList<PurchaseLine?>? lines, string path, EventLimits limits, List<EventError> errors)
    {
        if (lines is null || lines.Count == 0 || lines.Count > limits.MaxPurchaseLines)
        {
            errors.Add(new($"{path}.lines", $"{path}.lines must hold 1 to {limits.MaxPurchaseLines} lines {{productId, quantity, unitPrice}}; got {lines?.Count ?? 0}."));
            return;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var at = $"{path}.lines[{i}]";
            if (lines[i] is not { } line)
            {
                errors.Add(new(at, $"{at} is null: send {{productId, quantity, unitPrice}}."));
                continue;
            }

            Required(errors, at, "productId", line.ProductId, limits);
            if (line.Quantity is not >= 1)
            {
                errors.Add(new($"{at}.quantity", $"{at}.quantity must be 1 or more; got {Quote(line.Quantity?.ToString(CultureInfo.InvariantCulture))}."));
            }

            if (line.UnitPrice is not >= 0m)
            {
                errors.Add(new($"{at}.unitPrice", $"{at}.unitPrice must be 0 or more; got {Quote(line.UnitPrice?.ToString(CultureInfo.InvariantCulture))}."));
            }
        }
    }

    /// <summary>
    /// The free properties: <c>properties</c> plus any unknown top-level field (explicit properties win), scalar values
    /// only (string, number, true, false), at most <see cref="EventLimits.MaxProperties"/>, names and strings bounded.
    /// </summary>
    private static Dictionary<string, JsonElement>? CheckProperties(EventInput item, string path, EventLimits limits, List<EventError> errors)
    {
        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in item.Unknown ?? [])
        {
            merged[key] = value;
        }

        foreach (var (key, value) in item.Properties ?? [])
        {
            merged[key] = value;
        }

        if (merged.Count > limits.MaxProperties)
        {
            errors.Add(new($"{path}.properties", $"{path} carries {merged.Count} properties (unknown fields included); at most {limits.MaxProperties}."));
            return null;
        }

        foreach (var (key, value) in merged)
        {
            var at = item.Properties?.ContainsKey(key) == true ? $"{path}.properties.{Clip(key)}" : $"{path}.{Clip(key)}";
            if (key.Length == 0 || key.Length > limits.MaxPropertyKeyLength)
            {
                errors.Add(new(at, $"{at}: a property name must be 1 to {limits.MaxPropertyKeyLength} characters; got {key.Length}."));
            }
            else if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new(at, $"{at} must be a string, number or boolean; got {value.ValueKind.ToString().ToLowerInvariant()}."));
            }
            else if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > limits.MaxStringLength)
            {
                errors.Add(new(at, $"{at} holds {value.GetString()!.Length} characters; at most {limits.MaxStringLength} (MaxStringLength) are accepted."));
            }
            else if (value.ValueKind == JsonValueKind.Number && value.GetRawText().Length > 64)
            {
                errors.Add(new(at, $"{at} is a number of {value.GetRawText().Length} digits; at most 64."));
            }
        }

        return merged.Count == 0 ? null : merged.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static DateTimeOffset ParseTime(List<EventError> errors, string path, string text, bool requireOffset)
    {
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && (hasOffset || !requireOffset))
        {
            return at;
        }

        errors.Add(new($"{path}.occurredAt", $"{path}.occurredAt must be ISO 8601 with its offset (e.g. 2026-12-06T09:30:00+01:00 or ...Z); got {Quote(text)}."));
        return default;
    }

    private static void CheckNotFuture(List<EventError> errors, string path, DateTimeOffset at, DateTimeOffset now, EventLimits limits)
    {
        if (at > now + limits.ClockSkew)
        {
            errors.Add(new($"{path}.occurredAt", $"{path}.occurredAt ({at:O}) is in the future (server time {now:O})."));
        }
    }

    private static void Required(List<EventError> errors, string path, string field, string? value, EventLimits limits)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new($"{path}.{field}", $"{path}.{field} is required."));
        }
        else
        {
            Optional(errors, path, field, value, limits);
        }
    }

    private static void Optional(List<EventError> errors, string path, string field, string? value, EventLimits limits)
    {
        if (value is not null && value.Length > limits.MaxStringLength)
        {
            errors.Add(new($"{path}.{field}", $"{path}.{field} holds {value.Length} characters; at most {limits.MaxStringLength} (MaxStringLength) are accepted."));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Quote(string? value) => value is null ? "nothing" : $"'{Clip(value)}'";

    /// <summary>Client text echoed in an error, cut so that a hostile field cannot make the answer large.</summary>
    private static string Clip(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
