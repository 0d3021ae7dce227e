using System.Text.Json.Serialization;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Inference.Contracts;

/// <summary>
/// <c>POST /v1/events</c>: a batch of shop events in schema <see cref="SchemaVersion"/> (<see cref="EventSchema"/>):
/// left out = 1 (<c>view</c>, <c>add_to_cart</c>, <c>purchase</c> with <c>customerId</c> and <c>productId</c>), or 2.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EventsRequest(IReadOnlyList<EventInput?>? Events, int? SchemaVersion = null);

/// <summary>The answer to a v1 batch, which is taken whole or refused whole.</summary>
/// <param name="Accepted">Events taken from this request.</param>
/// <param name="Buffered">Events now held for drift statistics (bounded; the oldest go first).</param>
/// <param name="Dropped">Events pushed out of the buffer since the server started.</param>
public sealed record EventsAccepted(int Accepted, int Buffered, long Dropped);

/// <summary>The answer to a v2 batch: the good events are taken, each bad one is listed with its reasons.</summary>
/// <param name="SchemaVersion">The schema the batch was read as.</param>
/// <param name="Accepted">Events taken (written to the sink with its next flush).</param>
/// <param name="Refused">The events not taken, by position in the batch.</param>
/// <param name="Buffered">Events now held for drift statistics.</param>
/// <param name="Dropped">Events pushed out of the drift buffer since the server started.</param>
public sealed record EventsProcessed(int SchemaVersion, int Accepted, IReadOnlyList<RefusedEvent> Refused, int Buffered, long Dropped);

/// <param name="Index">The event's position in <c>events</c>.</param>
/// <param name="Id">Its id as sent, when it had one.</param>
/// <param name="Errors">Each problem: the field (<c>events[3].lines[0].quantity</c>) and what is wrong with it.</param>
public sealed record RefusedEvent(int Index, string? Id, IReadOnlyList<EventError> Errors);
