using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data.Datasets;

namespace EcommerceMl.Ml.Data.Events;

/// <summary>
/// The shop's live behaviour (events from the sink) merged into its tables, so every algorithm can train on it:
/// <list type="bullet">
/// <item>a purchase with an order id and lines becomes an order (id from the event, at the event's time) with its
/// order lines, plus a purchase interaction per line, as the shop's own exports have them. An order id the tables
/// already hold — or an earlier purchase event gave — is not added again: the shop's tables are the record of what
/// was sold, the events only fill in what has not reached them yet;</item>
/// <item>a product view and a cart add become interactions (<see cref="ShopEventType.View"/>,
/// <see cref="ShopEventType.AddToCart"/>);</item>
/// <item>a v1 purchase (no order id, no lines) becomes a purchase interaction only: without an order id it cannot be
/// told apart from an order the tables already hold, so it never becomes a second order;</item>
/// <item>a search (with a session id and a query) becomes a <see cref="ShopSearch"/> in <see cref="ShopData.Searches"/>,
/// credited with what the shopper did after it in the session (<see cref="SearchSessions"/>);</item>
/// <item>page views, cart removals, checkout steps and custom events have no place in the tables and are counted, not
/// used.</item>
/// </list>
/// Who: the <c>customerId</c>, else the anonymous <c>visitorId</c> as a guest customer <c>visitor-{visitorId}</c>
/// (attribute guest=true, like online-retail's guest checkouts: daily sales count them, churn models leave them out).
/// A customer or visitor the tables do not hold is added, signed up when first seen. A product the catalogue does not
/// hold is added minimally (name = id, category <see cref="UnknownCategory"/>, price = its latest unit price sold, else
/// 0) rather than dropped: a new product range that shoppers take to is exactly what a retrained model must learn.
/// Events are taken once per id (first kept) in time order; times become the shop's wall-clock time in
/// <c>shopTimeZone</c> (default UTC), the tables' convention. Pure: the same tables and events give the same result.
/// </summary>
public static class EventShopData
{
    /// <summary>The customer id of an anonymous visitor is this plus the visitor id, so it never collides with a signed-in customer's.</summary>
    public const string VisitorPrefix = "visitor-";

    /// <summary>The category of a product known only from events.</summary>
    public const string UnknownCategory = "(unknown)";

    /// <summary>Appended to the data's name: the manifest's <c>data.source</c> says events were merged in.</summary>
    public const string NameSuffix = " + events";

    /// <summary>The tables with the events merged in (see the type's summary for the rules).</summary>
    public static ShopData Merge(ShopData data, IEnumerable<ShopEventRecord> events, TimeZoneInfo? shopTimeZone = null) =>
        MergeWithReport(data, events, shopTimeZone).Data;

    /// <summary>As <see cref="Merge"/>, with counts of what became what and what was left out.</summary>
    public static EventMergeResult MergeWithReport(ShopData data, IEnumerable<ShopEventRecord> events, TimeZoneInfo? shopTimeZone = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(events);
        var (distinct, duplicates) = Distinct(events);
        var merger = new Merger(data, shopTimeZone ?? TimeZoneInfo.Utc);
        foreach (var e in distinct)
        {
            merger.Add(e);
        }

        // Sessions are grouped only when there is a search to credit: most sinks' events are views and purchases.
        IReadOnlyList<ShopSearch> searches = distinct.Exists(e => e.Type == EventSchema.Search) ? SearchSessions.Extract(distinct, shopTimeZone) : [];
        return merger.Result(distinct.Count, duplicates, searches);
    }

    /// <summary>Each id once (the first seen), then in time order (ties by id), so the result does not depend on the order objects were listed in.</summary>
    private static (List<ShopEventRecord> Events, int Duplicates) Distinct(IEnumerable<ShopEventRecord> events)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<ShopEventRecord>();
        var duplicates = 0;
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            if (seen.Add(e.Id))
            {
                distinct.Add(e);
            }
            else
            {
                duplicates++;
            }
        }

        // OrderBy is stable; UtcTicks so that two offsets of one instant sort together.
        return ([.. distinct.OrderBy(e => e.OccurredAt.UtcTicks).ThenBy(e => e.Id, StringComparer.Ordinal)], duplicates);
    }

    /// <summary>The state of one merge: the tables' keys, the rows added and the counts.</summary>
    private sealed class Merger(ShopData data, TimeZoneInfo zone)
    {
        private static readonly IReadOnlyDictionary<string, string> GuestAttributes =
            new Dictionary<string, string>(StringComparer.Ordinal) { [OnlineRetailLoader.GuestAttribute] = "true" };

        private readonly HashSet<string> _customers = data.Customers.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _products = data.Products.Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _orders = data.Orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        private readonly List<Customer> _newCustomers = [];
        private readonly List<string> _newProductOrder = [];
        private readonly Dictionary<string, Product> _newProducts = new(StringComparer.Ordinal);
        private readonly List<Order> _newOrders = [];
        private readonly List<OrderItem> _newItems = [];
        private readonly List<ShopEvent> _newEvents = [];
        private readonly SortedDictionary<string, int> _notRepresented = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _unusable = new(StringComparer.Ordinal);
        private int _customersAdded;
        private int _visitorsAdded;
        private int _ordersAlreadyKnown;

        public void Add(ShopEventRecord e)
        {
            switch (e.Type)
            {
                case EventSchema.ProductView:
                    AddInteraction(e, ShopEventType.View);
                    break;
                case EventSchema.AddToCart:
                    AddInteraction(e, ShopEventType.AddToCart);
                    break;
                case EventSchema.Purchase when !string.IsNullOrWhiteSpace(e.OrderId) && e.Lines is { Count: > 0 }:
                    AddOrder(e);
                    break;
                case EventSchema.Purchase:
                    AddInteraction(e, ShopEventType.Purchase); // v1: the product bought, no order
                    break;
                case EventSchema.Search when string.IsNullOrWhiteSpace(e.SessionId) || string.IsNullOrWhiteSpace(e.Query):
                    Count(_unusable, "search without sessionId or query");
                    break;
                case EventSchema.Search:
                    break; // SearchSessions credits it with what followed in its session
                default:
                    Count(_notRepresented, e.Type);
                    break;
            }
        }

        public EventMergeResult Result(int events, int duplicates, IReadOnlyList<ShopSearch> searches)
        {
            var report = new EventMergeReport
            {
                Events = events,
                DuplicateEvents = duplicates,
                OrdersAdded = _newOrders.Count,
                OrderLinesAdded = _newItems.Count,
                OrdersAlreadyKnown = _ordersAlreadyKnown,
                InteractionsAdded = _newEvents.Count,
                SearchesAdded = searches.Count,
                CustomersAdded = _customersAdded,
                VisitorsAdded = _visitorsAdded,
                ProductsAdded = [.. _newProductOrder],
                NotRepresented = new Dictionary<string, int>(_notRepresented, StringComparer.Ordinal),
                Unusable = new Dictionary<string, int>(_unusable, StringComparer.Ordinal),
            };
            var merged = new ShopData(
                data.Name + NameSuffix,
                [.. data.Customers, .. _newCustomers],
                [.. data.Products, .. _newProductOrder.Select(id => _newProducts[id])],
                [.. data.Orders, .. _newOrders],
                [.. data.OrderItems, .. _newItems],
                [.. data.Events, .. _newEvents])
            {
                Searches = data.Searches.Count == 0 ? searches : [.. data.Searches.Concat(searches).OrderBy(s => s.SearchedAt)],
            };
            return new EventMergeResult(merged, report);
        }

        private void AddInteraction(ShopEventRecord e, ShopEventType type)
        {
            if (string.IsNullOrWhiteSpace(e.ProductId))
            {
                Count(_unusable, $"{e.Type} without productId");
                return;
            }

            if (ActorOf(e) is not { } customer)
            {
                return;
            }

            AddProduct(e.ProductId, price: null);
            _newEvents.Add(new ShopEvent(customer, e.ProductId, type, LocalTime(e)));
        }

        private void AddOrder(ShopEventRecord e)
        {
            var orderId = e.OrderId!;
            if (_orders.Contains(orderId))
            {
                _ordersAlreadyKnown++;
                return;
            }

            var lines = e.Lines!.Where(IsUsable).ToList();
            if (lines.Count < e.Lines!.Count)
            {
                Count(_unusable, "purchase lines without productId, quantity ≥ 1 and unitPrice ≥ 0", e.Lines.Count - lines.Count);
            }

            if (lines.Count == 0 || ActorOf(e) is not { } customer)
            {
                return;
            }

            _orders.Add(orderId);
            var at = LocalTime(e);
            _newOrders.Add(new Order(orderId, customer, at));
            foreach (var line in lines)
            {
                var price = (double)line.UnitPrice!.Value;
                AddProduct(line.ProductId!, price);
                _newItems.Add(new OrderItem(orderId, line.ProductId!, line.Quantity!.Value, price));
                _newEvents.Add(new ShopEvent(customer, line.ProductId!, ShopEventType.Purchase, at));
            }
        }

        private static bool IsUsable(PurchaseLine? line) =>
            line is { Quantity: >= 1, UnitPrice: >= 0m } && !string.IsNullOrWhiteSpace(line.ProductId);

        /// <summary>The customer id the event's rows belong to, adding the customer or visitor when new; null (counted) when the event names neither.</summary>
        private string? ActorOf(ShopEventRecord e)
        {
            var visitor = string.IsNullOrWhiteSpace(e.CustomerId);
            if (visitor && string.IsNullOrWhiteSpace(e.VisitorId))
            {
                Count(_unusable, $"{e.Type} without customerId or visitorId");
                return null;
            }

            var id = visitor ? VisitorPrefix + e.VisitorId : e.CustomerId!;
            if (_customers.Add(id))
            {
                // Events come in time order, so the first one seen is the earliest: the best sign-up date they give.
                _newCustomers.Add(new Customer(id, LocalTime(e), Country: "", LoyaltyMember: false)
                {
                    Attributes = visitor ? GuestAttributes : Customer.EmptyAttributes,
                });
                if (visitor)
                {
                    _visitorsAdded++;
                }
                else
                {
                    _customersAdded++;
                }
            }

            return id;
        }

        /// <summary>Adds a product the catalogue does not hold; a sold one takes the latest unit price it sold at.</summary>
        private void AddProduct(string productId, double? price)
        {
            if (_products.Contains(productId))
            {
                return;
            }

            if (_newProducts.TryGetValue(productId, out var added))
            {
                if (price is { } latest)
                {
                    _newProducts[productId] = added with { Price = latest };
                }

                return;
            }

            _newProducts[productId] = new Product(productId, productId, UnknownCategory, price ?? 0);
            _newProductOrder.Add(productId);
        }

        private DateTime LocalTime(ShopEventRecord e) => TimeZoneInfo.ConvertTime(e.OccurredAt, zone).DateTime;

        private static void Count(SortedDictionary<string, int> counts, string key, int by = 1) =>
            counts[key] = counts.GetValueOrDefault(key) + by;
    }
}
