using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Events;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// Ingests the shop's events (<see cref="EventSchema"/>). Each event is checked by <see cref="EventValidation"/>;
/// a v1 batch is taken whole or refused whole (as it always was), a v2 batch keeps its good events and lists the bad
/// ones. Accepted events go to the <see cref="EventSink"/> (503 with Retry-After while its buffer is full: nothing of
/// the request is taken) and the drift <see cref="EventBuffer"/>, and are counted in <c>ecml_events_ingested_total</c>.
/// </summary>
internal static class EventEndpoints
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/events", PostEvents)
            .WithTags("Events")
            .WithName("IngestEvents")
            .WithSummary("Accepts a batch of shop events (at most MaxBatchSize), schema v2 (schemaVersion: 2) or v1 (the default).")
            .WithDescription(
                "v2 event: {id, type: page_view|product_view|search|add_to_cart|remove_from_cart|checkout_step|purchase|custom, occurredAt (ISO 8601 with offset), "
                + "sessionId, customerId or visitorId, productId?, source? {page, position}, recommendationId?, query and resultCount (search), step and stepName (checkout_step), "
                + "orderId and lines [{productId, quantity, unitPrice}] (purchase), name (custom), properties? {name: string|number|boolean}}; unknown fields become properties. "
                + "202 {schemaVersion, accepted, refused: [{index, id, errors: [{field, message}]}], buffered, dropped}. "
                + "v1 event: {type: view|add_to_cart|purchase, customerId, productId, occurredAt?}; one bad event refuses the batch (400); 202 {accepted, buffered, dropped}. "
                + "503 with Retry-After while the sink's buffer is full.")
            .Produces<EventsProcessed>(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status503ServiceUnavailable)
            .RequireCors(Tracker.TrackerEndpoints.CorsPolicy); // the storefront tracker posts here from the shop's pages
        return v1;
    }

    internal static IResult PostEvents(
        EventsRequest request, HttpContext http, EventBuffer buffer, EventLogWriter eventLog, EventSink sink, InferenceMetrics metrics,
        IOptions<InferenceOptions> options, IOptions<EventSinkOptions> sinkOptions, TimeProvider time)
    {
        var errors = new RequestErrors();
        BatchChecks.CheckSize(errors, "events", request.Events?.Count, options.Value.MaxBatchSize);
        var version = request.SchemaVersion ?? EventSchema.Default;
        if (version is not (EventSchema.V1 or EventSchema.V2))
        {
            errors.Add("schemaVersion", $"schemaVersion must be {EventSchema.V1} or {EventSchema.V2} (left out: {EventSchema.Default}); got {version}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var limits = EventLimits.Default with { MaxStringLength = options.Value.MaxStringLength };
        var checks = request.Events!.Select((e, i) => EventValidation.Check(e, version, $"events[{i}]", now, limits, Guid.CreateVersion7(now).ToString("N"))).ToList();
        if (version == EventSchema.V1 && checks.Any(c => !c.IsValid))
        {
            foreach (var error in checks.SelectMany(c => c.Errors))
            {
                errors.Add(error.Field, error.Message);
            }

            return errors.ToProblem();
        }

        var accepted = checks.Where(c => c.IsValid).Select(c => WithClient(c.Event!, http, sinkOptions.Value, limits)).ToList();
        if (!sink.TryAdd(accepted.Select(EventJson.ToLine).ToList()))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(sink.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The event sink is behind",
                detail: $"{sink.PendingEvents} events are waiting to be written to {sink.Location}; none of this request's were taken. Send it again after the Retry-After header's seconds (ids make the retry safe).");
        }

        var drift = accepted.SelectMany(DriftEvents.From).ToList();
        buffer.AddRange(drift);
        eventLog.Offer(drift);
        foreach (var group in accepted.GroupBy(e => e.Type))
        {
            metrics.CountEvents(group.Key, group.Count());
        }

        metrics.CountConversions(accepted);

        if (version == EventSchema.V1)
        {
            return TypedResults.Accepted((string?)null, new EventsAccepted(accepted.Count, buffer.Count, buffer.Dropped));
        }

        var refused = checks.Select((c, i) => (c, i)).Where(x => !x.c.IsValid)
            .Select(x => new RefusedEvent(x.i, request.Events![x.i]?.Id, x.c.Errors)).ToList();
        return TypedResults.Accepted((string?)null, new EventsProcessed(version, accepted.Count, refused, buffer.Count, buffer.Dropped));
    }

    /// <summary>The client's address and User-Agent, only when configured (personal data; off by default).</summary>
    private static ShopEventRecord WithClient(ShopEventRecord e, HttpContext http, EventSinkOptions options, EventLimits limits)
    {
        if (!options.StoreClientIp && !options.StoreUserAgent)
        {
            return e;
        }

        var agent = http.Request.Headers.UserAgent.ToString();
        return e with
        {
            ClientIp = options.StoreClientIp ? http.Connection.RemoteIpAddress?.ToString() : null,
            UserAgent = options.StoreUserAgent && agent.Length > 0 ? agent[..Math.Min(agent.Length, limits.MaxStringLength)] : null,
        };
    }
}
