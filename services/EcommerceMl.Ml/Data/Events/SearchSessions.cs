using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Ml.Data.Events;

/// <summary>
/// The searches of the shop's sessions and what came of each, from the event sink's events — the judgements a search
/// ranker learns from (<see cref="ShopSearch"/>). Within a session, in time order, a <c>search</c> is credited with the
/// products viewed, added to the cart or bought after it and before the session's next search; each such product's
/// outcome is the furthest the shopper went with it for the rest of the session (viewed after one search and bought at
/// checkout is a purchase). A product bought but never viewed or added after the search is not credited to it: the
/// search did not show the shopper that product, as far as the events can tell.
/// Events without a session id cannot be put in order with a search and are left out, as are searches with an empty
/// query; each event id is taken once (the first seen). Times become the shop's wall-clock time in
/// <c>shopTimeZone</c> (default UTC). Pure: the same events give the same searches, in time order.
/// </summary>
public static class SearchSessions
{
    public static IReadOnlyList<ShopSearch> Extract(IEnumerable<ShopEventRecord> events, TimeZoneInfo? shopTimeZone = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var zone = shopTimeZone ?? TimeZoneInfo.Utc;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sessions = new Dictionary<string, List<ShopEventRecord>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            if (string.IsNullOrWhiteSpace(e.SessionId) || !seen.Add(e.Id) || !Matters(e))
            {
                continue;
            }

            if (!sessions.TryGetValue(e.SessionId, out var session))
            {
                sessions[e.SessionId] = session = [];
            }

            session.Add(e);
        }

        var searches = new List<ShopSearch>();
        foreach (var (sessionId, session) in sessions)
        {
            if (session.Exists(IsSearch))
            {
                AddSearches(sessionId, [.. session.OrderBy(e => e.OccurredAt.UtcTicks)], zone, searches); // OrderBy is stable: ties keep arrival order
            }
        }

        searches.Sort(static (a, b) => a.SearchedAt != b.SearchedAt ? a.SearchedAt.CompareTo(b.SearchedAt) : string.CompareOrdinal(a.SessionId, b.SessionId));
        return searches;
    }

    /// <summary>Walks the session backwards, so each product's best outcome from any point on is known when its search is reached.</summary>
    private static void AddSearches(string sessionId, List<ShopEventRecord> session, TimeZoneInfo zone, List<ShopSearch> searches)
    {
        var bestFromHere = new Dictionary<string, SearchOutcome>(StringComparer.Ordinal);
        var touchedSinceSearch = new List<string>(); // in reverse time order
        for (var i = session.Count - 1; i >= 0; i--)
        {
            var e = session[i];
            if (IsSearch(e))
            {
                searches.Add(new ShopSearch(
                    sessionId, Actor(e), e.Query!, e.ResultCount, TimeZoneInfo.ConvertTime(e.OccurredAt, zone).DateTime,
                    Credited(touchedSinceSearch, bestFromHere)));
                touchedSinceSearch.Clear();
                continue;
            }

            foreach (var (product, outcome) in Actions(e))
            {
                bestFromHere[product] = bestFromHere.TryGetValue(product, out var best) && best >= outcome ? best : outcome;
                if (outcome != SearchOutcome.Purchase)
                {
                    touchedSinceSearch.Add(product); // what the shopper looked at or picked; checkout buys the whole cart
                }
            }
        }
    }

    private static List<SearchedProduct> Credited(List<string> touchedReversed, Dictionary<string, SearchOutcome> bestFromHere)
    {
        var credited = new List<SearchedProduct>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var i = touchedReversed.Count - 1; i >= 0; i--)
        {
            if (taken.Add(touchedReversed[i]))
            {
                credited.Add(new SearchedProduct(touchedReversed[i], bestFromHere[touchedReversed[i]]));
            }
        }

        return credited;
    }

    private static bool IsSearch(ShopEventRecord e) => e.Type == EventSchema.Search && !string.IsNullOrWhiteSpace(e.Query);

    private static bool Matters(ShopEventRecord e) => IsSearch(e) || Actions(e).Any();

    /// <summary>The products an event acts on and how far; a purchase's lines, or a v1 purchase's product.</summary>
    private static IEnumerable<(string Product, SearchOutcome Outcome)> Actions(ShopEventRecord e)
    {
        switch (e.Type)
        {
            case EventSchema.ProductView when !string.IsNullOrWhiteSpace(e.ProductId):
                yield return (e.ProductId, SearchOutcome.View);
                break;
            case EventSchema.AddToCart when !string.IsNullOrWhiteSpace(e.ProductId):
                yield return (e.ProductId, SearchOutcome.AddToCart);
                break;
            case EventSchema.Purchase when e.Lines is { Count: > 0 }:
                foreach (var line in e.Lines)
                {
                    if (!string.IsNullOrWhiteSpace(line?.ProductId))
                    {
                        yield return (line.ProductId, SearchOutcome.Purchase);
                    }
                }

                break;
            case EventSchema.Purchase when !string.IsNullOrWhiteSpace(e.ProductId):
                yield return (e.ProductId, SearchOutcome.Purchase);
                break;
        }
    }

    private static string? Actor(ShopEventRecord e) =>
        !string.IsNullOrWhiteSpace(e.CustomerId) ? e.CustomerId
        : !string.IsNullOrWhiteSpace(e.VisitorId) ? EventShopData.VisitorPrefix + e.VisitorId
        : null;
}
