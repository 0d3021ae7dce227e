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
/// Shopper traffic drawn from a shop's own structure: each session takes one of the shop's recent orders — its
/// customer, its categories, its quantities — and buys, per line, a product of that category the customer has not
/// bought before, drawn by how well it sells in the shop: the customer's next purchase as the shop's structure
/// predicts it (a replay of what they already bought could never be recommended to them, since recommenders leave
/// bought products out). So unshifted traffic looks like the data the served models were trained on; around it the
/// shopper browses products of the basket's categories and sometimes searches.
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

    /// <summary>Baskets are drawn from the orders of the data's last this-many days (all orders when it has fewer).</summary>
    public const int RecentDays = 90;

    private readonly Random _random;
    private readonly bool _shift;
    private readonly IReadOnlyList<Basket> _baskets;
    private readonly Dictionary<string, string[]> _productsByCategory;
    private readonly Dictionary<string, (string[] Products, double[] Cumulative)> _sellersByCategory;
    private readonly Dictionary<string, HashSet<string>> _bought;
    private readonly Dictionary<string, Product> _catalogue;
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
        _categoryOf = shop.Products.ToDictionary(p => p.ProductId, p => p.Category, StringComparer.Ordinal);
        _productsByCategory = shop.Products.GroupBy(p => p.Category, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ProductId).ToArray(), StringComparer.Ordinal);
        _catalogue = shop.Products.ToDictionary(p => p.ProductId, StringComparer.Ordinal);
        _bought = shop.Purchases.GroupBy(p => p.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        _sellersByCategory = Sellers(shop);
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
        var next = NextPurchase(basket);
        var lines = _shift ? Shift(next) : next;
        var browsed = Browse(lines);
        var search = _random.NextDouble() < SearchShare ? CategoryOf(lines[0]) : null;
        return new PlannedSession(
            number,
            anonymous ? null : basket.CustomerId,
            anonymous ? $"visitor-{number:D6}-{_random.Next(1_000_000):D6}" : null,
            lines,
            browsed,
            search,
            search is null ? 0 : 1 + _random.Next(60),
            _random.NextDouble());
    }

    /// <summary>Per line of the recent basket, an unbought product of its category, drawn by units sold (the line itself when there is none).</summary>
    private List<PlannedLine> NextPurchase(Basket basket)
    {
        var bought = _bought.GetValueOrDefault(basket.CustomerId) ?? [];
        var lines = new List<PlannedLine>(basket.Lines.Count);
        foreach (var line in basket.Lines)
        {
            var product = line.ProductId;
            if (_categoryOf.TryGetValue(line.ProductId, out var category) && _sellersByCategory.TryGetValue(category, out var sellers))
            {
                for (var attempt = 0; attempt < 8; attempt++)
                {
                    var candidate = sellers.Products[Pick(sellers.Cumulative)];
                    if (!bought.Contains(candidate) && lines.All(l => l.ProductId != candidate))
                    {
                        product = candidate;
                        break;
                    }
                }
            }

            if (lines.All(l => l.ProductId != product))
            {
                var price = product == line.ProductId ? line.UnitPrice : Math.Round((decimal)_catalogue[product].Price, 2);
                lines.Add(new PlannedLine(product, line.Quantity, price));
            }
        }

        return lines;
    }

    private int Pick(double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, _random.NextDouble() * cumulative[^1]);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    /// <summary>Per category, its products that sold and the running total of their units: the draw of a next purchase.</summary>
    private static Dictionary<string, (string[] Products, double[] Cumulative)> Sellers(ShopData shop)
    {
        var categoryOf = shop.Products.ToDictionary(p => p.ProductId, p => p.Category, StringComparer.Ordinal);
        return shop.Purchases.Where(p => categoryOf.ContainsKey(p.ProductId))
            .GroupBy(p => p.ProductId, StringComparer.Ordinal)
            .Select(g => (Product: g.Key, Category: categoryOf[g.Key], Units: (double)g.Sum(p => p.Quantity)))
            .GroupBy(p => p.Category, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var ordered = g.OrderBy(p => p.Product, StringComparer.Ordinal).ToArray();
                    var cumulative = new double[ordered.Length];
                    var total = 0.0;
                    for (var i = 0; i < ordered.Length; i++)
                    {
                        cumulative[i] = total += ordered[i].Units;
                    }

                    return (ordered.Select(p => p.Product).ToArray(), cumulative);
                },
                StringComparer.Ordinal);
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
