namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// What the model knows of a product besides its recent sales (pure), <see cref="DemandFeatures.StaticCount"/>
/// values: log price, price ÷ its category's median price (a premium or a budget line), average price
/// paid ÷ catalogue price (discounts, wholesale tiers), and the log of the category's mean daily units
/// per product (a numeric category encoding: a category of fast sellers lifts its new products).
/// </summary>
internal static class ProductStatics
{
    public static float[][] Compute(IReadOnlyList<ProductHistory> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        var byCategory = products.GroupBy(p => p.Category, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (MedianPrice: Median([.. g.Select(p => p.CataloguePrice)]), Level: g.Average(p => UnitsPerDayOnSale(p))),
            StringComparer.Ordinal);
        return [.. products.Select(p =>
        {
            var category = byCategory[p.Category];
            return new[]
            {
                (float)Math.Log(1 + Math.Max(0, p.CataloguePrice)),
                category.MedianPrice > 0 ? (float)(p.CataloguePrice / category.MedianPrice) : 1f,
                p.CataloguePrice > 0 ? (float)(p.AveragePaidPrice / p.CataloguePrice) : 1f,
                (float)Math.Log(1 + category.Level),
            };
        })];
    }

    private static double UnitsPerDayOnSale(ProductHistory product)
    {
        var days = product.Units.Length - product.FirstSale;
        return days > 0 ? product.Units.AsSpan(product.FirstSale).ToArray().Sum() / days : 0;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values.Length == 0 ? 0 : values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }
}
