using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// An accepted event as the sink stores it (one JSON line, <see cref="EventJson"/>) and readers get it back.
/// <see cref="SchemaVersion"/> says what the client sent: a v1 event has a server-made <see cref="Id"/>, no session
/// and, when a purchase, no order id or lines (its <see cref="ProductId"/> is the product bought).
/// </summary>
public sealed record ShopEventRecord
{
    public required int SchemaVersion { get; init; }
    public required string Id { get; init; }
    public required string Type { get; init; }

    /// <summary>When it happened, with the offset the client gave.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the server accepted it (UTC); the sink partitions by this hour.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

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
    public IReadOnlyList<PurchaseLine>? Lines { get; init; }
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Properties { get; init; }

    /// <summary>The client's address; stored only when the server is configured to (off by default).</summary>
    public string? ClientIp { get; init; }

    /// <summary>The client's User-Agent header; stored only when the server is configured to (off by default).</summary>
    public string? UserAgent { get; init; }

    /// <summary>Who did it: the customer when known, else the anonymous visitor.</summary>
    [JsonIgnore]
    public string? Actor => CustomerId ?? VisitorId;
}
