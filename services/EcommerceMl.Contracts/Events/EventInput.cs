using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// One event as a client sends it (schema v1 or v2): every field optional here, so that a bad item is answered by
/// <see cref="EventValidation"/> naming its field instead of failing the whole body's deserialization. Unknown
/// top-level fields land in <see cref="Unknown"/>: v2 keeps them as properties, v1 refuses them as it always did.
/// </summary>
public sealed record EventInput
{
    public string? Id { get; init; }
    public string? Type { get; init; }

    /// <summary>ISO 8601 with its offset (<c>2026-12-06T01:02:03.456+01:00</c>); kept as text so that one without an offset is refused, not guessed.</summary>
    public string? OccurredAt { get; init; }

    public string? SessionId { get; init; }
    public string? CustomerId { get; init; }
    public string? VisitorId { get; init; }
    public string? ProductId { get; init; }
    public EventSource? Source { get; init; }
    public string? RecommendationId { get; init; }
    public string? Query { get; init; }
    public int? ResultCount { get; init; }
    public int? Step { get; init; }
    public string? StepName { get; init; }
    public string? OrderId { get; init; }
    public IReadOnlyList<PurchaseLine?>? Lines { get; init; }
    public string? Name { get; init; }
    public Dictionary<string, JsonElement>? Properties { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>Where on the storefront the event happened: the page and, for a list (recommendations, search results), the 0-based position.</summary>
public sealed record EventSource(string? Page = null, int? Position = null);

/// <summary>One line of a purchase: the product, how many, and the price of one (in the shop's currency).</summary>
public sealed record PurchaseLine(string? ProductId = null, int? Quantity = null, decimal? UnitPrice = null);
