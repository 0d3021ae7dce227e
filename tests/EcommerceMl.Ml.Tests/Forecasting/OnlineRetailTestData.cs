using System.Globalization;
using System.IO.Compression;
using System.Text;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>
/// Reads ../shared/data/online-retail (never copied into the repository) with a minimal parser of
/// its own rather than the project's loader, so the tests using it check the pipelines
/// independently of that loader.
/// </summary>
internal static class OnlineRetailTestData
{
    public static string? Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceMl.sln")))
            {
                var folder = Path.Combine(dir.FullName, "..", "shared", "data", "online-retail");
                return Directory.Exists(folder) ? folder : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Sales lines as the README's reference counts them: not a cancellation, quantity and price
    /// positive. Lines without a CustomerID are one "guest" customer, or left out.
    /// </summary>
    public static ShopData ReadSales(string folder, bool withGuests)
    {
        var orders = new Dictionary<string, Order>(StringComparer.Ordinal);
        var items = new List<OrderItem>();
        foreach (var file in Directory.GetFiles(folder, "online_retail_*.csv.gz").Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress), Encoding.UTF8);
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                var f = SplitCsv(line);
                var quantity = int.Parse(f[3], CultureInfo.InvariantCulture);
                var price = double.Parse(f[5], CultureInfo.InvariantCulture);
                if (f[0].StartsWith('C') || quantity <= 0 || price <= 0 || (!withGuests && f[6].Length == 0))
                {
                    continue;
                }

                if (!orders.ContainsKey(f[0]))
                {
                    var at = DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    orders[f[0]] = new Order(f[0], f[6].Length == 0 ? "guest" : f[6], at);
                }

                items.Add(new OrderItem(f[0], f[1], quantity, price));
            }
        }

        return new ShopData("online-retail", [], [], [.. orders.Values], items, []);
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
