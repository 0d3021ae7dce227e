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
        ArgumentNullException.ThrowIfNull(events);
        var columns = new EventColumns();
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            columns.TryAdd(e);
        }

        return MergeWithReport(data, columns, shopTimeZone);
    }

    /// <summary>
    /// As <see cref="MergeWithReport(ShopData, IEnumerable{ShopEventRecord}, TimeZoneInfo?)"/>, from events as columns
    /// (<see cref="EventColumns"/>: each id once, as a sink reader gives them; its <see cref="EventColumns.Duplicates"/>
    /// are reported as the repeats dropped). The same events give the same result either way.
    /// </summary>
    public static EventMergeResult MergeWithReport(ShopData data, EventColumns events, TimeZoneInfo? shopTimeZone = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(events);
        // In time order, ties by id, so the result does not depend on the order objects were listed in.
        var order = events.TimeOrder();
        var merger = new Merger(data, events, shopTimeZone ?? TimeZoneInfo.Utc);
        foreach (var row in order)
        {
            merger.Add(row);
        }

        // Sessions are grouped only when there is a search to credit: most sinks' events are views and purchases.
        IReadOnlyList<ShopSearch> searches = merger.SawSearch ? SearchSessions.Extract(events, order, shopTimeZone) : [];
        return merger.Result(events.Count, (int)Math.Min(int.MaxValue, events.Duplicates), searches);
    }

    /// <summary>
    /// The state of one merge: the tables' keys, the rows added and the counts. What each string of the events
    /// (<see cref="EventColumns.Strings"/>) became — a customer id, a product known or added — is worked out once per
    /// string, not once per event.
    /// </summary>
    private sealed class Merger
    {
        private static readonly IReadOnlyDictionary<string, string> GuestAttributes =
            new Dictionary<string, string>(StringComparer.Ordinal) { [OnlineRetailLoader.GuestAttribute] = "true" };

        private readonly ShopData _data;
        private readonly EventColumns _events;
        private readonly EventStrings _strings;
        private readonly TimeZoneInfo _zone;
        private readonly HashSet<string> _customers;
        private readonly HashSet<string> _products;
        private readonly HashSet<string> _orders;
        private readonly List<Customer> _newCustomers = [];
        private readonly List<string> _newProductOrder = [];
        private readonly Dictionary<string, Product> _newProducts = new(StringComparer.Ordinal);
        private readonly List<Order> _newOrders = [];
        private readonly List<OrderItem> _newItems = [];
        private readonly List<ShopEvent> _newEvents = [];
        private readonly SortedDictionary<string, int> _notRepresented = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _unusable = new(StringComparer.Ordinal);

        // Per string of the events: the customer id it names as a customer and as a visitor (null until first met),
        // and whether it was seen as a product (the catalogue or this merge holds it).
        private readonly string?[] _asCustomer;
        private readonly string?[] _asVisitor;
        private readonly bool[] _productSeen;
        private readonly int _productView, _addToCart, _purchase, _search;
        private int _customersAdded;
        private int _visitorsAdded;
        private int _ordersAlreadyKnown;

        public Merger(ShopData data, EventColumns events, TimeZoneInfo zone)
        {
            (_data, _events, _strings, _zone) = (data, events, events.Strings, zone);
            _customers = data.Customers.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
            _products = data.Products.Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal);
            _orders = data.Orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
            _asCustomer = new string?[_strings.Count];
            _asVisitor = new string?[_strings.Count];
            _productSeen = new bool[_strings.Count];
            (_productView, _addToCart, _purchase, _search) = (TypeNumber(EventSchema.ProductView), TypeNumber(EventSchema.AddToCart),
                TypeNumber(EventSchema.Purchase), TypeNumber(EventSchema.Search));
        }

        public bool SawSearch { get; private set; }

        public void Add(int row)
        {
            var type = _events.Type(row);
            if (type == _productView)
            {
                AddInteraction(row, ShopEventType.View);
            }
            else if (type == _addToCart)
            {
                AddInteraction(row, ShopEventType.AddToCart);
            }
            else if (type == _purchase && !IsBlank(_events.Order(row)) && _events.Lines(row).Count > 0)
            {
                AddOrder(row);
            }
            else if (type == _purchase)
            {
                AddInteraction(row, ShopEventType.Purchase); // v1: the product bought, no order
            }
            else if (type == _search)
            {
                SawSearch = true;
                if (IsBlank(_events.Session(row)) || IsBlank(_events.Query(row)))
                {
                    Count(_unusable, "search without sessionId or query");
                }

                // else SearchSessions credits it with what followed in its session
            }
            else
            {
                Count(_notRepresented, _strings[type]);
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
                _data.Name + NameSuffix,
                [.. _data.Customers, .. _newCustomers],
                [.. _data.Products, .. _newProductOrder.Select(id => _newProducts[id])],
                [.. _data.Orders, .. _newOrders],
                [.. _data.OrderItems, .. _newItems],
                [.. _data.Events, .. _newEvents])
            {
                Searches = _data.Searches.Count == 0 ? searches : [.. _data.Searches.Concat(searches).OrderBy(s => s.SearchedAt)],
            };
            return new EventMergeResult(merged, report);
        }

        private void AddInteraction(int row, ShopEventType type)
        {
            var product = _events.Product(row);
            if (IsBlank(product))
            {
                Count(_unusable, $"{_strings[_events.Type(row)]} without productId");
                return;
            }

            if (ActorOf(row) is not { } customer)
            {
                return;
            }

            var productId = AddProduct(product, price: null);
            _newEvents.Add(new ShopEvent(customer, productId, type, LocalTime(row)));
        }

        private void AddOrder(int row)
        {
            var orderId = _strings[_events.Order(row)];
            if (_orders.Contains(orderId))
            {
                _ordersAlreadyKnown++;
                return;
            }

            var (start, count) = _events.Lines(row);
            var usable = 0;
            for (var line = start; line < start + count; line++)
            {
                usable += IsUsable(line) ? 1 : 0;
            }

            if (usable < count)
            {
                Count(_unusable, "purchase lines without productId, quantity ≥ 1 and unitPrice ≥ 0", count - usable);
            }

            if (usable == 0 || ActorOf(row) is not { } customer)
            {
                return;
            }

            _orders.Add(orderId);
            var at = LocalTime(row);
            _newOrders.Add(new Order(orderId, customer, at));
            for (var line = start; line < start + count; line++)
            {
                if (!IsUsable(line))
                {
                    continue;
                }

                var price = (double)_events.LineUnitPrice(line)!.Value;
                var productId = AddProduct(_events.LineProduct(line), price);
                _newItems.Add(new OrderItem(orderId, productId, _events.LineQuantity(line)!.Value, price));
                _newEvents.Add(new ShopEvent(customer, productId, ShopEventType.Purchase, at));
            }
        }

        private bool IsUsable(int line) =>
            _events.LineQuantity(line) >= 1 && _events.LineUnitPrice(line) >= 0m && !IsBlank(_events.LineProduct(line));

        /// <summary>The customer id the event's rows belong to, adding the customer or visitor when new; null (counted) when the event names neither.</summary>
        private string? ActorOf(int row)
        {
            var customer = _events.Customer(row);
            var visitor = IsBlank(customer);
            var named = visitor ? _events.Visitor(row) : customer;
            if (visitor && IsBlank(named))
            {
                Count(_unusable, $"{_strings[_events.Type(row)]} without customerId or visitorId");
                return null;
            }

            var known = visitor ? _asVisitor : _asCustomer;
            if (known[named] is { } id)
            {
                return id;
            }

            id = known[named] = visitor ? VisitorPrefix + _strings[named] : _strings[named];
            if (_customers.Add(id))
            {
                // Events come in time order, so the first one seen is the earliest: the best sign-up date they give.
                _newCustomers.Add(new Customer(id, LocalTime(row), Country: "", LoyaltyMember: false)
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

        /// <summary>The product's id, added when the catalogue does not hold it; a sold one takes the latest unit price it sold at.</summary>
        private string AddProduct(int product, double? price)
        {
            var productId = _strings[product];
            if (_productSeen[product] && price is null)
            {
                return productId;
            }

            _productSeen[product] = true;
            if (_products.Contains(productId))
            {
                return productId;
            }

            if (_newProducts.TryGetValue(productId, out var added))
            {
                if (price is { } latest)
                {
                    _newProducts[productId] = added with { Price = latest };
                }

                return productId;
            }

            _newProducts[productId] = new Product(productId, productId, UnknownCategory, price ?? 0);
            _newProductOrder.Add(productId);
            return productId;
        }

        private DateTime LocalTime(int row) =>
            TimeZoneInfo.ConvertTime(new DateTimeOffset(_events.OccurredAtUtcTicks(row), TimeSpan.Zero), _zone).DateTime;

        private bool IsBlank(int text) => text == EventColumns.None || string.IsNullOrWhiteSpace(_strings[text]);

        /// <summary>The number of a type in the events' strings; -2 (matching no row) when no event has it.</summary>
        private int TypeNumber(string type) => _strings.Find(type) is var found and >= 0 ? found : -2;

        private static void Count(SortedDictionary<string, int> counts, string key, int by = 1) =>
            counts[key] = counts.GetValueOrDefault(key) + by;
    }
}
