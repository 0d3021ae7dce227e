using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>How many of a shop's orders and visits start with the search box (<see cref="SyntheticSearchSessions"/>).</summary>
/// <param name="Seed">The sessions' own random stream: the shop's tables are not touched, whatever it is.</param>
/// <param name="SearchShare">Share of orders whose session starts with a search for (some of) what was bought.</param>
/// <param name="BrowseShare">Share of orders preceded, some hours to days before, by a visit that searched and did not buy.</param>
public sealed record SyntheticSearchOptions(int Seed = 42, double SearchShare = 0.4, double BrowseShare = 0.4)
{
    public void Validate()
    {
        if (SearchShare is < 0 or > 1 || double.IsNaN(SearchShare))
        {
            throw new ArgumentException($"search option SearchShare = {SearchShare} is out of range (expected between 0 and 1)", nameof(SearchShare));
        }

        if (BrowseShare is < 0 or > 1 || double.IsNaN(BrowseShare))
        {
            throw new ArgumentException($"search option BrowseShare = {BrowseShare} is out of range (expected between 0 and 1)", nameof(BrowseShare));
        }
    }
}

/// <summary>
/// Search sessions for a shop, as the storefront tracker would send them (schema-v2 <see cref="ShopEventRecord"/>s):
/// <list type="bullet">
/// <item>for a share of orders, the shopper searches for what they went on to buy: per searched line (the first always,
/// a further line sometimes) a <c>search</c> with a noisy query (<see cref="ShopperQueries"/>) and the number of
/// products sharing a word with it, then <c>product_view</c>s of the product and of a few others that match what they
/// meant (chosen by popularity), an <c>add_to_cart</c> of the product; the lines not searched for were in the cart
/// before the first search; the session ends with the order's <c>purchase</c> (its id and lines);</item>
/// <item>for a share of orders, an earlier visit by the same customer that searched for a product of one of the
/// order's categories, viewed it and a few others, sometimes added one to the cart, and bought nothing.</item>
/// </list>
/// Built from the finished tables with its own random stream, so the shop's tables stay exactly as generated; event and
/// session ids are derived from order ids (<c>search-O0000042-03</c>), times are the shop's wall-clock as UTC.
/// Same shop and options → the same events.
/// </summary>
public static class SyntheticSearchSessions
{
    public const string SearchSessionPrefix = "search-";
    public const string BrowseSessionPrefix = "browse-";
    public const string SearchPage = "search";

    private const double FurtherLineSearchedChance = 0.35;
    private const int MaxSearchesPerSession = 3;
    private const double OtherViewsMean = 1.0;
    private const int ShownResults = 20;
    private const double BrowseCartChance = 0.25;
    private const double OtherCartChance = 0.1;

    public static IReadOnlyList<ShopEventRecord> Generate(ShopData shop, SyntheticSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        options ??= new SyntheticSearchOptions();
        options.Validate();
        var catalogue = new ShopCatalogue(shop);
        var random = new SeededRandom(options.Seed ^ 0x5EA4C8L); // not the tables' stream
        var linesByOrder = shop.OrderItems.GroupBy(i => i.OrderId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var firstOrderAt = shop.Orders.Count > 0 ? shop.Orders.Min(o => o.OrderedAt) : default;
        var events = new List<ShopEventRecord>();
        foreach (var order in shop.Orders)
        {
            if (!linesByOrder.TryGetValue(order.OrderId, out var lines))
            {
                continue;
            }

            if (random.Chance(options.SearchShare))
            {
                new Session(SearchSessionPrefix + order.OrderId, order.CustomerId, catalogue, random, events).Buying(order, lines);
            }

            if (random.Chance(options.BrowseShare))
            {
                var at = order.OrderedAt.AddSeconds(-Math.Floor(random.Uniform(3_600, 14 * 86_400.0)));
                var category = catalogue.CategoryOf(lines[random.Next(lines.Count)].ProductId);
                var target = catalogue.PickInCategory(category, random);
                if (at >= firstOrderAt && target >= 0)
                {
                    new Session(BrowseSessionPrefix + order.OrderId, order.CustomerId, catalogue, random, events).Browsing(target, at);
                }
            }
        }

        return [.. events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>One session's events, numbered in the order they are made.</summary>
    private sealed class Session(string id, string customerId, ShopCatalogue catalogue, SeededRandom random, List<ShopEventRecord> events)
    {
        private int _sequence;
        private DateTime _at;

        public void Buying(Order order, List<OrderItem> lines)
        {
            var searched = new List<int> { 0 };
            for (var l = 1; l < lines.Count && searched.Count < MaxSearchesPerSession; l++)
            {
                if (random.Chance(FurtherLineSearchedChance))
                {
                    searched.Add(l);
                }
            }

            _at = order.OrderedAt.AddSeconds(-Math.Floor(random.Uniform(120, 300) + (searched.Count * random.Uniform(240, 720))));
            for (var l = 0; l < lines.Count; l++)
            {
                if (!searched.Contains(l))
                {
                    Emit(EventSchema.AddToCart, lines[l].ProductId); // already in the cart when the session starts
                }
            }

            foreach (var l in searched)
            {
                if (catalogue.IndexOf(lines[l].ProductId) is var target and >= 0)
                {
                    SearchAndLook(target, cartTarget: true);
                }
            }

            _at = order.OrderedAt > _at ? order.OrderedAt : _at.AddSeconds(30); // at the order's time, unless the looking ran late
            Emit(EventSchema.Purchase, productId: null, order.OrderId, [.. lines.Select(i => new PurchaseLine(i.ProductId, i.Quantity, (decimal)i.UnitPrice))], advance: false);
        }

        public void Browsing(int target, DateTime at)
        {
            _at = at;
            SearchAndLook(target, cartTarget: random.Chance(BrowseCartChance));
        }

        private void SearchAndLook(int target, bool cartTarget)
        {
            var query = ShopperQueries.For(catalogue.Products[target], random);
            Emit(EventSchema.Search, productId: null, query: query.Text, resultCount: catalogue.CountMatching(ShopperQueries.Words(query.Text)));
            var shown = catalogue.Matching(query.MeantWords, ShownResults, except: target);
            var looked = new List<int> { target };
            var others = random.Poisson(OtherViewsMean);
            for (var o = 0; o < others && shown.Count > 0; o++)
            {
                var pick = shown[random.Pick(SeededRandom.Cumulative([.. shown.Select(catalogue.Popularity)]))];
                shown.Remove(pick);
                looked.Insert(random.Next(looked.Count + 1), pick);
            }

            foreach (var product in looked)
            {
                Emit(EventSchema.ProductView, catalogue.Products[product].ProductId);
            }

            if (looked.Count > 1 && random.Chance(OtherCartChance))
            {
                Emit(EventSchema.AddToCart, catalogue.Products[looked.First(p => p != target)].ProductId); // left in the cart
            }

            if (cartTarget)
            {
                Emit(EventSchema.AddToCart, catalogue.Products[target].ProductId);
            }
        }

        private void Emit(string type, string? productId, string? orderId = null, IReadOnlyList<PurchaseLine>? lines = null, string? query = null, int? resultCount = null, bool advance = true)
        {
            if (advance)
            {
                _at = _at.AddSeconds(Math.Floor(random.Uniform(10, 90)));
            }

            var occurred = new DateTimeOffset(DateTime.SpecifyKind(_at, DateTimeKind.Unspecified), TimeSpan.Zero);
            events.Add(new ShopEventRecord
            {
                SchemaVersion = EventSchema.V2,
                Id = $"{id}-{++_sequence:D2}",
                Type = type,
                OccurredAt = occurred,
                ReceivedAt = occurred.AddSeconds(2),
                SessionId = id,
                CustomerId = customerId,
                ProductId = productId,
                Source = type == EventSchema.ProductView ? new EventSource(SearchPage) : null,
                Query = query,
                ResultCount = resultCount,
                OrderId = orderId,
                Lines = lines,
            });
        }
    }
}
