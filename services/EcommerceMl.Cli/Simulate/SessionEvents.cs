using System.Globalization;
using System.Text.Json;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Cli.Simulate;

/// <summary>What the server recommended to the session's shopper: the answer's id and products, best first.</summary>
public sealed record RecommendationAnswer(string? RecommendationId, IReadOnlyList<string> ProductIds)
{
    public static readonly RecommendationAnswer None = new(null, []);
}

/// <summary>
/// A planned session as the storefront's tracker would report it, schema v2: a page view, maybe a search and a click
/// on a recommendation, views of what was browsed, then for each basket line a product view and a cart add, two
/// checkout steps and the purchase. Whatever came from the recommendations carries the answer's
/// <c>recommendationId</c> (and <c>source.page = recommendations</c> with its position) — the purchase too when any of
/// its lines was recommended. Events are a few seconds apart, ending at <c>now</c>; every one is marked
/// <c>properties.simulated = true</c>. Pure.
/// </summary>
public static class SessionEvents
{
    public const string RecommendationsPage = "recommendations";
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(3);
    private static readonly Dictionary<string, JsonElement> Simulated = new(StringComparer.Ordinal) { ["simulated"] = JsonSerializer.SerializeToElement(true) };

    /// <param name="runId">Unique per run (ids and order ids are made from it, so two runs never collide in the sink).</param>
    public static IReadOnlyList<EventInput> For(PlannedSession session, RecommendationAnswer answer, string runId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(answer);
        var sessionId = $"{runId}-s{session.Number:D6}";
        var events = new List<EventInput>();
        void Add(string type, Func<EventInput, EventInput> fill) => events.Add(fill(new EventInput
        {
            Id = $"{sessionId}-e{events.Count:D3}",
            Type = type,
            SessionId = sessionId,
            CustomerId = session.CustomerId,
            VisitorId = session.VisitorId,
            Properties = Simulated,
        }));

        Add(EventSchema.PageView, e => e with { Source = new EventSource("home") });
        if (session.SearchQuery is { } query)
        {
            Add(EventSchema.Search, e => e with { Query = query, ResultCount = session.SearchResults });
        }

        if (session.ClickDraw < ShopperTraffic.RecommendationClickShare && answer.ProductIds.Count > 0)
        {
            var position = (int)(session.ClickDraw / ShopperTraffic.RecommendationClickShare * answer.ProductIds.Count);
            Add(EventSchema.ProductView, e => FromRecommendation(e, answer, position));
        }

        foreach (var product in session.Browsed)
        {
            Add(EventSchema.ProductView, e => e with { ProductId = product, Source = new EventSource("category") });
        }

        var recommended = false;
        foreach (var line in session.Basket)
        {
            var position = IndexOf(answer.ProductIds, line.ProductId);
            recommended |= position >= 0;
            Add(EventSchema.ProductView, e => position >= 0 ? FromRecommendation(e, answer, position) : e with { ProductId = line.ProductId, Source = new EventSource("product") });
            Add(EventSchema.AddToCart, e => e with { ProductId = line.ProductId, RecommendationId = position >= 0 ? answer.RecommendationId : null });
        }

        Add(EventSchema.CheckoutStep, e => e with { Step = 1, StepName = "address" });
        Add(EventSchema.CheckoutStep, e => e with { Step = 2, StepName = "payment" });
        Add(EventSchema.Purchase, e => e with
        {
            OrderId = $"{runId}-o{session.Number:D6}",
            Lines = [.. session.Basket.Select(l => new PurchaseLine(l.ProductId, l.Quantity, l.UnitPrice))],
            RecommendationId = recommended ? answer.RecommendationId : null,
        });

        // A few seconds apart, the last one now: never ahead of the server's clock.
        for (var i = 0; i < events.Count; i++)
        {
            var at = now - (Gap * (events.Count - 1 - i));
            events[i] = events[i] with { OccurredAt = at.ToString("O", CultureInfo.InvariantCulture) };
        }

        return events;
    }

    private static EventInput FromRecommendation(EventInput e, RecommendationAnswer answer, int position) => e with
    {
        ProductId = answer.ProductIds[position],
        Source = new EventSource(RecommendationsPage, position),
        RecommendationId = answer.RecommendationId,
    };

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
