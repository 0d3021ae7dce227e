using System.Globalization;
using System.Text;

namespace EcommerceMl.Ml.Data.Datasets;

/// <summary>
/// MovieLens 100K (ml-100k) as a shop: users → customers (age, gender, occupation, zip_code as
/// attributes; country "United States"; sign-up = their first rating, the data has no sign-up date),
/// movies → products (category = first genre flag set, in u.genre order; price 1), and every rating →
/// one order with one line of quantity 1 at the rating's time (unix seconds, UTC). The rating value is
/// not kept: every rating is an interaction, so daily "revenue" is the number of ratings that day.
/// Order ids are "R" + the rating's line number in u.data.
/// </summary>
public static class MovieLensLoader
{
    public const string DatasetName = "ml-100k";

    public static ShopDataLoadResult Load(string folder)
    {
        var errors = new List<ShopDataError>();
        var genres = ReadRows(Path.Combine(folder, "u.genre"), '|', Encoding.Latin1, 2, errors).Select(r => r.Fields[0]).ToList();
        var products = new List<Product>();
        foreach (var (line, f) in ReadRows(Path.Combine(folder, "u.item"), '|', Encoding.Latin1, 5 + genres.Count, errors))
        {
            var category = "unknown";
            for (var g = 0; g < genres.Count; g++)
            {
                if (f[5 + g] == "1")
                {
                    category = genres[g];
                    break;
                }
            }

            products.Add(new Product(f[0], f[1], category, 1.0));
        }

        var orders = new List<Order>();
        var items = new List<OrderItem>();
        var firstRating = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var dataPath = Path.Combine(folder, "u.data");
        foreach (var (line, f) in ReadRows(dataPath, '\t', Encoding.UTF8, 4, errors))
        {
            if (!long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                errors.Add(new ShopDataError(dataPath, line, $"timestamp '{f[3]}' is not unix seconds"));
                continue;
            }

            var at = DateTime.SpecifyKind(DateTime.UnixEpoch.AddSeconds(seconds), DateTimeKind.Unspecified);
            var orderId = $"R{line:D6}";
            orders.Add(new Order(orderId, f[0], at));
            items.Add(new OrderItem(orderId, f[1], 1, 1.0));
            if (!firstRating.TryGetValue(f[0], out var first) || at < first)
            {
                firstRating[f[0]] = at;
            }
        }

        var customers = new List<Customer>();
        var earliest = orders.Count > 0 ? orders.Min(o => o.OrderedAt) : DateTime.UnixEpoch;
        foreach (var (line, f) in ReadRows(Path.Combine(folder, "u.user"), '|', Encoding.UTF8, 5, errors))
        {
            customers.Add(new Customer(f[0], firstRating.GetValueOrDefault(f[0], earliest), "United States", false)
            {
                Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["age"] = f[1],
                    ["gender"] = f[2],
                    ["occupation"] = f[3],
                    ["zip_code"] = f[4],
                },
            });
        }

        if (errors.Count > 0)
        {
            throw new ShopDataValidationException(folder, errors);
        }

        orders.Sort(static (a, b) => a.OrderedAt != b.OrderedAt ? a.OrderedAt.CompareTo(b.OrderedAt) : string.CompareOrdinal(a.OrderId, b.OrderId));
        var data = new ShopData(DatasetName, customers, products, orders, items, []);
        return ShopDataLoadResult.Complete(data, "every rating is one order of one unit at price 1 (the rating value is not used); sign-up = first rating");
    }

    /// <summary>The non-blank lines of a headerless delimited file (no quoting), with at least <paramref name="minFields"/> fields.</summary>
    internal static IEnumerable<(int Line, string[] Fields)> ReadRows(string path, char delimiter, Encoding encoding, int minFields, List<ShopDataError> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add(new ShopDataError(path, 0, "file not found"));
            yield break;
        }

        var line = 0;
        foreach (var text in File.ReadLines(path, encoding))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(delimiter);
            if (fields.Length < minFields)
            {
                errors.Add(new ShopDataError(path, line, $"has {fields.Length} fields, expected at least {minFields} separated by '{(delimiter == '\t' ? "\\t" : delimiter.ToString())}'"));
                continue;
            }

            yield return (line, fields);
        }
    }
}
