using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.Contracts;

/// <summary><c>POST /v1/events</c>: a batch of shop interactions, each <c>view</c>, <c>add_to_cart</c> or <c>purchase</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EventsRequest(IReadOnlyList<EventItem?>? Events);

/// <param name="OccurredAt">When it happened; the server's time of receipt when left out.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EventItem(string? Type = null, string? CustomerId = null, string? ProductId = null, DateTimeOffset? OccurredAt = null);

/// <param name="Accepted">Events taken from this request.</param>
/// <param name="Buffered">Events now held for drift statistics (bounded; the oldest go first).</param>
/// <param name="Dropped">Events pushed out of the buffer since the server started.</param>
public sealed record EventsAccepted(int Accepted, int Buffered, long Dropped);
