using System.Text;

namespace EcommerceMl.Ml.Data.Csv;

/// <summary>
/// Writes a <see cref="ShopData"/> as a folder of canonical CSVs that <see cref="ShopCsvReader"/>
/// reads back to equal tables. Customer and product attributes become extra columns (in first-seen order);
/// an attribute a row lacks is an empty cell; a product's description is the column <c>description</c>. The <c>churned</c> column is written only when
/// some customer has a label. events.csv is always written (possibly with only a header).
/// </summary>
public static class ShopCsvWriter
{
    public static void Write(ShopData data, string folder)
    {
        Directory.CreateDirectory(folder);
        WriteCustomers(data.Customers, Path.Combine(folder, ShopCsvFormat.CustomersFile));
        WriteProducts(data.Products, Path.Combine(folder, ShopCsvFormat.ProductsFile));
        WriteRows(Path.Combine(folder, ShopCsvFormat.OrdersFile), ShopCsvFormat.OrderColumns, data.Orders, static (o, f) =>
        {
            f.Add(o.OrderId);
            f.Add(o.CustomerId);
            f.Add(ShopCsvFormat.FormatTimestamp(o.OrderedAt));
        });
        WriteRows(Path.Combine(folder, ShopCsvFormat.OrderItemsFile), ShopCsvFormat.OrderItemColumns, data.OrderItems, static (i, f) =>
        {
            f.Add(i.OrderId);
            f.Add(i.ProductId);
            f.Add(i.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
            f.Add(ShopCsvFormat.FormatNumber(i.UnitPrice));
        });
        WriteRows(Path.Combine(folder, ShopCsvFormat.EventsFile), ShopCsvFormat.EventColumns, data.Events, static (e, f) =>
        {
            f.Add(e.CustomerId);
            f.Add(e.ProductId);
            f.Add(ShopCsvFormat.FormatEventType(e.Type));
            f.Add(ShopCsvFormat.FormatTimestamp(e.OccurredAt));
        });
    }

    private static void WriteCustomers(IReadOnlyList<Customer> customers, string path)
    {
        var attributeNames = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var anyLabel = false;
        foreach (var customer in customers)
        {
            anyLabel |= customer.Churned.HasValue;
            foreach (var name in customer.Attributes.Keys)
            {
                if (seen.Add(name))
                {
                    attributeNames.Add(name);
                }
            }
        }

        var header = new List<string>(ShopCsvFormat.CustomerColumns);
        if (anyLabel)
        {
            header.Add(ShopCsvFormat.ChurnedColumn);
        }

        header.AddRange(attributeNames);
        WriteRows(path, header, customers, (c, f) =>
        {
            f.Add(c.CustomerId);
            f.Add(ShopCsvFormat.FormatTimestamp(c.SignupAt));
            f.Add(c.Country);
            f.Add(ShopCsvFormat.FormatBool(c.LoyaltyMember));
            if (anyLabel)
            {
                f.Add(c.Churned is { } churned ? ShopCsvFormat.FormatBool(churned) : string.Empty);
            }

            foreach (var name in attributeNames)
            {
                f.Add(c.Attributes.TryGetValue(name, out var value) ? value : string.Empty);
            }
        });
    }

    /// <summary>The four product columns, then <c>description</c> when some product has one, then the attributes (first-seen order).</summary>
    private static void WriteProducts(IReadOnlyList<Product> products, string path)
    {
        var attributeNames = products.SelectMany(p => p.Attributes.Keys).Distinct(StringComparer.Ordinal).ToList();
        var anyDescription = products.Any(p => p.Description.Length > 0);
        var header = new List<string>(ShopCsvFormat.ProductColumns);
        if (anyDescription)
        {
            header.Add(ShopCsvFormat.DescriptionColumn);
        }

        header.AddRange(attributeNames);
        WriteRows(path, header, products, (p, f) =>
        {
            f.Add(p.ProductId);
            f.Add(p.Name);
            f.Add(p.Category);
            f.Add(ShopCsvFormat.FormatNumber(p.Price));
            if (anyDescription)
            {
                f.Add(p.Description);
            }

            foreach (var name in attributeNames)
            {
                f.Add(p.Attributes.TryGetValue(name, out var value) ? value : string.Empty);
            }
        });
    }

    private static void WriteRows<T>(string path, IReadOnlyList<string> header, IReadOnlyList<T> rows, Action<T, List<string>> fields)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        writer.NewLine = "\n";
        WriteLine(writer, header);
        var buffer = new List<string>(header.Count);
        foreach (var row in rows)
        {
            buffer.Clear();
            fields(row, buffer);
            WriteLine(writer, buffer);
        }
    }

    private static void WriteLine(StreamWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(ShopCsvFormat.Escape(fields[i]));
        }

        writer.WriteLine();
    }
}
