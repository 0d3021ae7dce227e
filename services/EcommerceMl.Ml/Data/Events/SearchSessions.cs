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
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new EventColumns();
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            if (!string.IsNullOrWhiteSpace(e.SessionId) && seen.Add(e.Id))
            {
                columns.Add(e);
            }
        }

        return Extract(columns, [.. Enumerable.Range(0, columns.Count)], shopTimeZone);
    }

    /// <summary>The searches of <paramref name="events"/> (each id once), taking its rows in the order <paramref name="rows"/> gives.</summary>
    public static IReadOnlyList<ShopSearch> Extract(EventColumns events, IReadOnlyList<int> rows, TimeZoneInfo? shopTimeZone = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(rows);
        var reader = new SessionEvents(events);
        var zone = shopTimeZone ?? TimeZoneInfo.Utc;
        // Only the sessions with a search are grouped: a window's sessions are nearly one per event, and a search's is
        // the one session id the columns number as they are read (EventColumns.Session); any other event's is looked up
        // among those by its bytes, never numbered.
        var searched = new HashSet<int>();
        foreach (var row in rows)
        {
            if (reader.IsSearch(row) && !reader.IsBlank(events.Session(row)))
            {
                searched.Add(events.Session(row));
            }
        }

        var sessions = new Dictionary<int, List<int>>();
        foreach (var row in searched.Count == 0 ? [] : rows)
        {
            if (!reader.Matters(row))
            {
                continue;
            }

            var sessionId = events.Strings.Find(events.SessionId(row));
            if (!searched.Contains(sessionId))
            {
                continue;
            }

            if (!sessions.TryGetValue(sessionId, out var session))
            {
                sessions[sessionId] = session = [];
            }

            session.Add(row);
        }

        var searches = new List<ShopSearch>();
        foreach (var (sessionId, session) in sessions)
        {
            // OrderBy is stable: ties keep arrival order.
            reader.AddSearches(events.Strings[sessionId], [.. session.OrderBy(events.OccurredAtUtcTicks)], zone, searches);
        }

        searches.Sort(static (a, b) => a.SearchedAt != b.SearchedAt ? a.SearchedAt.CompareTo(b.SearchedAt) : string.CompareOrdinal(a.SessionId, b.SessionId));
        return searches;
    }

    /// <summary>What a session's events mean for its searches, read from the columns.</summary>
    private sealed class SessionEvents(EventColumns events)
    {
        private readonly EventStrings _strings = events.Strings;
        private readonly int _productView = Number(events, EventSchema.ProductView);
        private readonly int _addToCart = Number(events, EventSchema.AddToCart);
        private readonly int _purchase = Number(events, EventSchema.Purchase);
        private readonly int _search = Number(events, EventSchema.Search);
        private readonly List<(int Product, SearchOutcome Outcome)> _scratch = [];

        /// <summary>Walks the session backwards, so each product's best outcome from any point on is known when its search is reached.</summary>
        public void AddSearches(string sessionId, List<int> session, TimeZoneInfo zone, List<ShopSearch> searches)
        {
            var bestFromHere = new Dictionary<int, SearchOutcome>();
            var touchedSinceSearch = new List<int>(); // in reverse time order
            var actions = new List<(int Product, SearchOutcome Outcome)>();
            for (var i = session.Count - 1; i >= 0; i--)
            {
                var row = session[i];
                if (IsSearch(row))
                {
                    var at = new DateTimeOffset(events.OccurredAtUtcTicks(row), TimeSpan.Zero);
                    searches.Add(new ShopSearch(
                        sessionId, Actor(row), _strings[events.Query(row)], events.ResultCount(row), TimeZoneInfo.ConvertTime(at, zone).DateTime,
                        Credited(touchedSinceSearch, bestFromHere)));
                    touchedSinceSearch.Clear();
                    continue;
                }

                actions.Clear();
                Actions(row, actions);
                foreach (var (product, outcome) in actions)
                {
                    bestFromHere[product] = bestFromHere.TryGetValue(product, out var best) && best >= outcome ? best : outcome;
                    if (outcome != SearchOutcome.Purchase)
                    {
                        touchedSinceSearch.Add(product); // what the shopper looked at or picked; checkout buys the whole cart
                    }
                }
            }
        }

        private List<SearchedProduct> Credited(List<int> touchedReversed, Dictionary<int, SearchOutcome> bestFromHere)
        {
            var credited = new List<SearchedProduct>();
            var taken = new HashSet<int>();
            for (var i = touchedReversed.Count - 1; i >= 0; i--)
            {
                if (taken.Add(touchedReversed[i]))
                {
                    credited.Add(new SearchedProduct(_strings[touchedReversed[i]], bestFromHere[touchedReversed[i]]));
                }
            }

            return credited;
        }

        public bool IsSearch(int row) => events.Type(row) == _search && !IsBlank(events.Query(row));

        public bool Matters(int row)
        {
            if (IsSearch(row))
            {
                return true;
            }

            _scratch.Clear();
            Actions(row, _scratch);
            return _scratch.Count > 0;
        }

        public bool IsBlank(int text) => text == EventColumns.None || string.IsNullOrWhiteSpace(_strings[text]);

        /// <summary>The products an event acts on and how far; a purchase's lines, or a v1 purchase's product.</summary>
        private void Actions(int row, List<(int Product, SearchOutcome Outcome)> actions)
        {
            var type = events.Type(row);
            var product = events.Product(row);
            if (type == _productView && !IsBlank(product))
            {
                actions.Add((product, SearchOutcome.View));
            }
            else if (type == _addToCart && !IsBlank(product))
            {
                actions.Add((product, SearchOutcome.AddToCart));
            }
            else if (type == _purchase && events.Lines(row) is { Count: > 0 } lines)
            {
                for (var line = lines.Start; line < lines.Start + lines.Count; line++)
                {
                    if (!IsBlank(events.LineProduct(line)))
                    {
                        actions.Add((events.LineProduct(line), SearchOutcome.Purchase));
                    }
                }
            }
            else if (type == _purchase && !IsBlank(product))
            {
                actions.Add((product, SearchOutcome.Purchase));
            }
        }

        private string? Actor(int row) =>
            !IsBlank(events.Customer(row)) ? _strings[events.Customer(row)]
            : !IsBlank(events.Visitor(row)) ? EventShopData.VisitorPrefix + _strings[events.Visitor(row)]
            : null;

        /// <summary>The number of a type in the events' strings; -2 (matching no row) when no event has it.</summary>
        private static int Number(EventColumns events, string type) => events.Strings.Find(type) is var found and >= 0 ? found : -2;
    }
}
