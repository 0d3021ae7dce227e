using System.Globalization;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Cli.Simulate;

/// <summary>One line of a simulated basket: what is bought, how many, at what price.</summary>
/// <param name="FromNewRange">True for a product of the shifted traffic's new range (never in the shop's data).</param>
public sealed record PlannedLine(string ProductId, int Quantity, decimal UnitPrice, bool FromNewRange = false);

/// <summary>
/// One shopper's visit, decided before anything is sent: who (a customer, or an anonymous visitor), what they end up
/// buying, what else they look at, whether they search, and whether they click a recommendation.
/// </summary>
/// <param name="Number">The session's number in the run (0, 1, …): ids are made from it.</param>
/// <param name="ClickDraw">In [0, 1): whether (below <see cref="ShopperTraffic.RecommendationClickShare"/>) and where the shopper clicks in the recommendations.</param>
public sealed record PlannedSession(
    int Number,
    string? CustomerId,
    string? VisitorId,
    IReadOnlyList<PlannedLine> Basket,
    IReadOnlyList<string> Browsed,
    string? SearchQuery,
    int SearchResults,
    double ClickDraw)
{
    /// <summary>Whom the storefront asks recommendations for: the customer, else the visitor (the server answers a stranger with popularity).</summary>
    public string Shopper => CustomerId ?? VisitorId!;
}

/// <summary>
/// Shopper traffic drawn from a shop's own structure: each session replays one of the shop's recent orders — its
/// products, quantities and prices — bought by a recent customer for whom those products are new (a replay by the
/// customer who already bought them could never be recommended to them, since recommenders leave bought products
/// out). So unshifted traffic has exactly the product mix, basket sizes and values of the shop's recent sales — what
/// the served models were trained on, and what the monitor compares with — and around it the shopper browses
/// products of the basket's categories and sometimes searches.
/// <para>
/// Shifted (<c>--shift</c>): a new product range — <see cref="NewRangeSize"/> products the shop's data never had
/// (<c>NEW-001</c>…), priced at <see cref="NewRangePriceFactor"/>× the catalogue's median price — takes over
/// <see cref="ShiftedShare"/> of the purchased lines, one more of each is bought, and shoppers browse the new range:
/// product mix and basket values both move away from what the models were trained on.
/// </para>
/// Seeded: the same shop, seed and shift give the same sessions.
/// </summary>
public sealed class ShopperTraffic
{
    public const double ShiftedShare = 0.8;
    public const int NewRangeSize = 20;
    public const double NewRangePriceFactor = 3;
    public const string NewRangePrefix = "NEW-";
    public const double AnonymousShare = 0.1;
    public const double SearchShare = 0.2;
    public const double RecommendationClickShare = 0.3;

    /// <summary>
    /// Baskets and buyers are drawn from the orders of the data's last this-many days (all orders when it has fewer): the
    /// holdout's length, the stretch whose buyers a recommendation model's output profile describes at training.
    /// </summary>
    public const int RecentDays = 28;

    /// <summary>Recent customers tried for a basket before it goes to its own buyer.</summary>
    private const int BuyerAttempts = 16;

    private readonly Random _random;
    private readonly bool _shift;
    private readonly IReadOnlyList<Basket> _baskets;
    private readonly string[] _recentCustomers;
    private readonly Dictionary<string, string[]> _productsByCategory;
    private readonly Dictionary<string, HashSet<string>> _bought;
    private readonly Dictionary<string, string> _categoryOf;
    private int _next;

    private sealed record Basket(string CustomerId, IReadOnlyList<PlannedLine> Lines);

    public ShopperTraffic(ShopData shop, bool shift, int seed)
    {
        ArgumentNullException.ThrowIfNull(shop);
        _baskets = RecentBaskets(shop);
        if (_baskets.Count == 0)
        {
            throw new ArgumentException($"the shop '{shop.Name}' has no orders with lines to draw shopper sessions from.");
        }

        _random = new Random(seed);
        _shift = shift;
        _recentCustomers = [.. _baskets.Select(b => b.CustomerId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _categoryOf = shop.Products.ToDictionary(p => p.ProductId, p => p.Category, StringComparer.Ordinal);
        _productsByCategory = shop.Products.GroupBy(p => p.Category, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ProductId).ToArray(), StringComparer.Ordinal);
        _bought = shop.Purchases.GroupBy(p => p.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        NewRange = NewProducts(shop);
    }

    /// <summary>The shifted traffic's new product range (also when not shifting: it is what <c>--shift</c> would sell).</summary>
    public IReadOnlyList<Product> NewRange { get; }

    /// <summary>How the traffic is shifted, in words for the help and the summary.</summary>
    public static string ShiftDescription =>
        $"a new product range ({NewRangeSize} products the shop's data never had, ids {NewRangePrefix}001…, at {NewRangePriceFactor:0}× the catalogue's median price) " +
        $"takes over {ShiftedShare:P0} of purchased lines, one more of each is bought, and shoppers browse the new range";

    public PlannedSession Next()
    {
        var number = _next++;
        var basket = _baskets[_random.Next(_baskets.Count)];
        var anonymous = _random.NextDouble() < AnonymousShare;
        var buyer = BuyerFor(basket);
        var lines = _shift ? Shift(basket.Lines) : [.. basket.Lines];
        var browsed = Browse(lines);
        var search = _random.NextDouble() < SearchShare ? CategoryOf(lines[0]) : null;
        return new PlannedSession(
            number,
            anonymous ? null : buyer,
            anonymous ? $"visitor-{number:D6}-{_random.Next(1_000_000):D6}" : null,
            lines,
            browsed,
            search,
            search is null ? 0 : 1 + _random.Next(60),
            _random.NextDouble());
    }

    /// <summary>A recent customer who has bought none of the basket's products (its own buyer when none is found).</summary>
    private string BuyerFor(Basket basket)
    {
        for (var attempt = 0; attempt < BuyerAttempts; attempt++)
        {
            var candidate = _recentCustomers[_random.Next(_recentCustomers.Length)];
            var bought = _bought.GetValueOrDefault(candidate);
            if (bought is null || basket.Lines.All(l => !bought.Contains(l.ProductId)))
            {
                return candidate;
            }
        }

        return basket.CustomerId;
    }

    private List<PlannedLine> Shift(IReadOnlyList<PlannedLine> lines)
    {
        var shifted = new List<PlannedLine>(lines.Count);
        foreach (var line in lines)
        {
            if (_random.NextDouble() < ShiftedShare)
            {
                var product = NewRange[_random.Next(NewRange.Count)];
                if (shifted.Any(l => l.ProductId == product.ProductId))
                {
                    continue; // one line per product, as the shop's baskets have
                }

                shifted.Add(new PlannedLine(product.ProductId, line.Quantity + 1, (decimal)product.Price, FromNewRange: true));
            }
            else
            {
                shifted.Add(line);
            }
        }

        return shifted.Count > 0 ? shifted : [lines[0]];
    }

    /// <summary>0–2 products looked at but not bought: from the basket's categories, or the new range when shifted.</summary>
    private List<string> Browse(IReadOnlyList<PlannedLine> lines)
    {
        var count = _random.Next(3);
        var browsed = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var line = lines[_random.Next(lines.Count)];
            if (line.FromNewRange)
            {
                browsed.Add(NewRange[_random.Next(NewRange.Count)].ProductId);
            }
            else if (_categoryOf.TryGetValue(line.ProductId, out var category) && _productsByCategory.TryGetValue(category, out var products))
            {
                browsed.Add(products[_random.Next(products.Length)]);
            }
        }

        return browsed;
    }

    private string CategoryOf(PlannedLine line) =>
        line.FromNewRange ? "new collection" : _categoryOf.GetValueOrDefault(line.ProductId) ?? line.ProductId;

    /// <summary>The baskets of the data's recent orders, each with its customer and lines (one per product).</summary>
    private static List<Basket> RecentBaskets(ShopData shop)
    {
        var purchases = shop.Purchases;
        if (purchases.Count == 0)
        {
            return [];
        }

        var from = purchases[^1].OrderedAt.Date.AddDays(1 - RecentDays);
        return [.. purchases.Where(p => p.OrderedAt >= from)
            .GroupBy(p => p.OrderId, StringComparer.Ordinal)
            .Select(order => new Basket(
                order.First().CustomerId,
                [.. order.GroupBy(p => p.ProductId, StringComparer.Ordinal)
                    .Select(p => new PlannedLine(p.Key, p.Sum(l => l.Quantity), Math.Round((decimal)p.First().UnitPrice, 2)))]))];
    }

    private static Product[] NewProducts(ShopData shop)
    {
        var prices = shop.Products.Select(p => p.Price).Where(p => p > 0).Order().ToArray();
        var median = prices.Length == 0 ? 20 : prices[prices.Length / 2];
        var products = new Product[NewRangeSize];
        for (var i = 0; i < products.Length; i++)
        {
            // Spread ±20 % around the target and end in .99, like the synthetic catalogue's prices.
            var price = Math.Floor(median * NewRangePriceFactor * (0.8 + (0.4 * i / (NewRangeSize - 1)))) + 0.99;
            var id = NewRangePrefix + (i + 1).ToString("D3", CultureInfo.InvariantCulture);
            products[i] = new Product(id, id, "New collection", price);
        }

        return products;
    }
}
