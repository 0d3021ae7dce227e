using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Events;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// Ingests the shop's interactions (view, add to cart, purchase): a batch is validated as a whole — one bad
/// event refuses it, naming <c>events[i].field</c>, so a client never has to work out which half landed —
/// then counted in <c>ecml_events_ingested_total</c> and kept in the bounded <see cref="EventBuffer"/>.
/// </summary>
internal static class EventEndpoints
{
    /// <summary>How far ahead of the server's clock an event may claim to be (clients' clocks drift).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/events", PostEvents)
            .WithTags("Events")
            .WithName("IngestEvents")
            .WithSummary("Accepts a batch of events {type: view|add_to_cart|purchase, customerId, productId, occurredAt?} (at most MaxBatchSize) for drift statistics; 202 with the buffer's state.");
        return v1;
    }

    internal static Results<Accepted<EventsAccepted>, ValidationProblem> PostEvents(
        EventsRequest request, EventBuffer buffer, EventLogWriter eventLog, InferenceMetrics metrics, IOptions<InferenceOptions> options, TimeProvider time)
    {
        var errors = new RequestErrors();
        BatchChecks.CheckSize(errors, "events", request.Events?.Count, options.Value.MaxBatchSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var maxLength = options.Value.MaxStringLength;
        var events = request.Events!.Select((e, i) => Validate(e, i, now, maxLength, errors)).ToList();
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        buffer.AddRange(events!);
        eventLog.Offer(events!);
        foreach (var group in events.GroupBy(e => e!.Type))
        {
            metrics.CountEvents(EventTypeNames.Of(group.Key), group.Count());
        }

        return TypedResults.Accepted((string?)null, new EventsAccepted(events.Count, buffer.Count, buffer.Dropped));
    }

    private static ShopEvent? Validate(EventItem? item, int index, DateTimeOffset now, int maxLength, RequestErrors errors)
    {
        var at = $"events[{index}]";
        if (item is null)
        {
            errors.Add(at, $"{at} is null: send {{type, customerId, productId}}.");
            return null;
        }

        ShopEventType type = default;
        if (item.Type is null || !EventTypeNames.Types.TryGetValue(item.Type, out type))
        {
            errors.Add($"{at}.type", $"{at}.type must be one of {string.Join(", ", EventTypeNames.Types.Keys)}; got {(item.Type is null ? "nothing" : $"'{item.Type}'")}.");
        }

        if (string.IsNullOrWhiteSpace(item.CustomerId))
        {
            errors.Add($"{at}.customerId", $"{at}.customerId is required.");
        }

        if (string.IsNullOrWhiteSpace(item.ProductId))
        {
            errors.Add($"{at}.productId", $"{at}.productId is required.");
        }

        errors.CheckLength($"{at}.customerId", item.CustomerId, maxLength);
        errors.CheckLength($"{at}.productId", item.ProductId, maxLength);
        if (item.OccurredAt > now + ClockSkew)
        {
            errors.Add($"{at}.occurredAt", $"{at}.occurredAt ({item.OccurredAt:O}) is in the future (server time {now:O}).");
        }

        return new ShopEvent(item.CustomerId ?? "", item.ProductId ?? "", type, (item.OccurredAt ?? now).UtcDateTime);
    }
}
