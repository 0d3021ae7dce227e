using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// Daily units sold per product on the shop's gap-free calendar (pure), with what the demand model
/// knows of each product beside its sales: catalogue price, category, and the average price paid.
/// Every product with a sale up to <c>through</c> is in, however rarely it sells: a global model
/// learns slow sellers from the others, and the shop's total is the sum over all of them.
/// </summary>
public sealed class DemandHistory
{
    public const string UnknownCategory = "(none)";

    internal DemandHistory(DateOnly start, int days, IReadOnlyList<ProductHistory> products)
    {
        Start = start;
        Days = days;
        Products = products;
        Shop = new double[days];
        foreach (var product in products)
        {
            for (var t = 0; t < days; t++)
            {
                Shop[t] += product.Units[t];
            }
        }
    }

    /// <summary>The shop's first day of sales: day index 0.</summary>
    public DateOnly Start { get; }

    public int Days { get; }

    public DateOnly End => Start.AddDays(Days - 1);

    public IReadOnlyList<ProductHistory> Products { get; }

    /// <summary>The shop's daily units: the sum over products.</summary>
    public ReadOnlySpan<double> ShopUnits => Shop;

    internal double[] Shop { get; }

    /// <summary>
    /// Builds the history from the purchases up to <paramref name="through"/> (default: the last day
    /// with sales). Products are in ordinal order of their id.
    /// </summary>
    public static DemandHistory Build(ShopData data, DateOnly? through = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var purchases = data.Purchases;
        var end = through ?? (purchases.Count == 0 ? default : DateOnly.FromDateTime(purchases[^1].OrderedAt));
        var kept = purchases.Where(p => DateOnly.FromDateTime(p.OrderedAt) <= end).ToList();
        if (kept.Count == 0)
        {
            throw new ArgumentException($"The shop '{data.Name}' has no sales to forecast demand from.", nameof(data));
        }

        var start = DateOnly.FromDateTime(kept[0].OrderedAt);
        var days = end.DayNumber - start.DayNumber + 1;
        var catalogue = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var product in data.Products)
        {
            catalogue[product.ProductId] = product;
        }

        var byProduct = new SortedDictionary<string, (double[] Units, double Paid, double Quantity)>(StringComparer.Ordinal);
        foreach (var purchase in kept)
        {
            if (!byProduct.TryGetValue(purchase.ProductId, out var totals))
            {
                totals = (new double[days], 0, 0);
            }

            totals.Units[DateOnly.FromDateTime(purchase.OrderedAt).DayNumber - start.DayNumber] += purchase.Quantity;
            byProduct[purchase.ProductId] = (totals.Units, totals.Paid + purchase.Revenue, totals.Quantity + purchase.Quantity);
        }

        var products = byProduct.Select(p =>
        {
            var averagePaid = p.Value.Quantity > 0 ? p.Value.Paid / p.Value.Quantity : 0;
            var known = catalogue.GetValueOrDefault(p.Key);
            var price = known is { Price: > 0 } ? known.Price : averagePaid;
            return new ProductHistory(p.Key, known?.Category ?? UnknownCategory, price, averagePaid, p.Value.Units);
        }).ToList();
        return new DemandHistory(start, days, products);
    }
}

/// <param name="Units">Units sold per day of the shop's calendar (index 0 = the shop's first day).</param>
/// <param name="CataloguePrice">The product table's price, or the average price paid when it has none.</param>
/// <param name="AveragePaidPrice">Revenue ÷ units over the history.</param>
public sealed record ProductHistory(string ProductId, string Category, double CataloguePrice, double AveragePaidPrice, double[] Units)
{
    /// <summary>Index of the first day with a sale: before it the product was not on sale, so its zeros are not demand.</summary>
    public int FirstSale { get; } = Math.Max(0, Array.FindIndex(Units, u => u != 0));
}
