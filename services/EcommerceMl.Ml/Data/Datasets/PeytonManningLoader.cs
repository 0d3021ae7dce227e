using System.Globalization;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Ml.Data.Datasets;

/// <summary>
/// Prophet's Peyton Manning series (ln daily Wikipedia page views) as a one-product shop, so the
/// forecasting code can be checked against Prophet's published figures on identical data: one
/// customer, one product, and for each observed day one order at midnight (id = the date,
/// yyyyMMdd) with one line of quantity 1 × unit_price = y. Daily revenue therefore reproduces the
/// series exactly, missing days stay missing (no orders), and the product's price is the mean of y.
/// </summary>
public static class PeytonManningLoader
{
    public const string DatasetName = "peyton-manning";
    public const string FolderName = "prophet-peyton-manning";
    public const string FileName = "example_wp_log_peyton_manning.csv";
    public const string CustomerId = "wikipedia";
    public const string ProductId = "peyton-manning";

    public static ShopDataLoadResult Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' not found (the {FolderName} dataset folder should hold {FileName})", path);
        }

        using var csv = CsvRecordReader.Open(path);
        var fields = new List<string>(2);
        var errors = new List<ShopDataError>();
        if (!csv.TryReadRecord(fields) || fields.IndexOf("ds") < 0 || fields.IndexOf("y") < 0)
        {
            throw new ShopDataValidationException(folder, [new ShopDataError(path, 1, $"header needs columns ds and y (found: {string.Join(", ", fields)})")]);
        }

        var ds = fields.IndexOf("ds");
        var y = fields.IndexOf("y");
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        var seen = new HashSet<DateTime>();
        var sum = 0.0;
        while (csv.TryReadRecord(fields))
        {
            if (fields.Count != 2 || !ShopCsvFormat.TryParseTimestamp(fields[ds], out var day) || !ShopCsvFormat.TryParseNumber(fields[y], out var value))
            {
                errors.Add(new ShopDataError(path, csv.RecordLine, $"expected \"yyyy-MM-dd\",number but found {string.Join(",", fields)}"));
                continue;
            }

            if (value < 0 || !seen.Add(day.Date))
            {
                errors.Add(new ShopDataError(path, csv.RecordLine, value < 0 ? $"y {value} is negative (a unit price cannot be)" : $"day {day:yyyy-MM-dd} appears twice"));
                continue;
            }

            var orderId = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            orders.Add(new Order(orderId, CustomerId, day.Date));
            items.Add(new OrderItem(orderId, ProductId, 1, value));
            sum += value;
        }

        if (errors.Count > 0 || orders.Count == 0)
        {
            throw new ShopDataValidationException(folder, errors.Count > 0 ? errors : [new ShopDataError(path, 0, "no data rows")]);
        }

        var customer = new Customer(CustomerId, orders.Min(o => o.OrderedAt), "", false);
        var product = new Product(ProductId, "Peyton Manning page views (ln)", "Wikipedia", sum / orders.Count);
        var data = new ShopData(DatasetName, [customer], [product], orders, items, []);
        return ShopDataLoadResult.Complete(data, "one order per observed day, quantity 1 × unit_price = y, so daily revenue is the series");
    }
}
