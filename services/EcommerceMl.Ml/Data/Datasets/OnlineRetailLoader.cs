using System.Globalization;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Ml.Data.Datasets;

/// <summary>
/// UCI Online Retail (gzipped monthly CSVs) as a shop. One invoice → one order (id = InvoiceNo),
/// one invoice line → one order line. Decisions (also in Data/README.md):
/// <list type="bullet">
/// <item>Left out of purchases, counted and reported: cancellations (InvoiceNo "C…"), bad-debt
/// adjustments ("A…"), lines with Quantity ≤ 0 or UnitPrice ≤ 0, and non-product stock codes
/// (postage, carriage, manual, discount, samples, fees, commissions, gift vouchers: see <see cref="NonProductCodes"/>).</item>
/// <item>Lines without a CustomerID are kept: each such invoice becomes a guest checkout with its own
/// customer "guest-&lt;InvoiceNo&gt;" (attribute guest = true). Keeping them keeps daily sales
/// whole (they are a quarter of all lines); one customer per guest invoice, rather than one
/// "anonymous" customer, keeps customer histories honest for recommendations. Churn models should
/// filter on the guest attribute.</item>
/// <item>CustomerID "17850.0" → "17850"; a customer's country and sign-up are those of their first kept invoice.</item>
/// <item>Product name = Description of its first kept line (stock code when blank); price = its
/// most recent unit price; category = the description's last word ("…T-LIGHT HOLDER" → "Holder"),
/// a heuristic because the data has no categories.</item>
/// </list>
/// </summary>
public static class OnlineRetailLoader
{
    public const string DatasetName = "online-retail";
    public const string GuestPrefix = "guest-";
    public const string GuestAttribute = "guest";

    /// <summary>Stock codes that are charges, fees or vouchers rather than goods.</summary>
    public static readonly IReadOnlySet<string> NonProductCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "POST", "DOT", "M", "C2", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK",
        "gift_0001_10", "gift_0001_20", "gift_0001_30", "gift_0001_40", "gift_0001_50",
    };

    private static readonly string[] Columns = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    public static ShopDataLoadResult Load(string folder)
    {
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "online_retail_*.csv.gz") : [];
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"no online_retail_*.csv.gz files in '{folder}'");
        }

        var state = new LoadState();
        foreach (var file in files)
        {
            ReadFile(file, state);
        }

        if (state.Errors.Count > 0)
        {
            throw new ShopDataValidationException(folder, state.Errors);
        }

        return state.Result();
    }

    private sealed class LoadState
    {
        public List<ShopDataError> Errors { get; } = [];

        public Dictionary<string, Order> Orders { get; } = new(StringComparer.Ordinal);

        public List<Order> OrderList { get; } = [];

        public List<OrderItem> Items { get; } = [];

        public Dictionary<string, Customer> Customers { get; } = new(StringComparer.Ordinal);

        public List<string> CustomerOrder { get; } = [];

        public Dictionary<string, (string Name, double Price)> Products { get; } = new(StringComparer.Ordinal);

        public List<string> ProductOrder { get; } = [];

        public long Lines { get; set; }

        public long Cancellations { get; set; }

        public long Adjustments { get; set; }

        public long NonProducts { get; set; }

        public long NonPositiveQuantity { get; set; }

        public long NonPositivePrice { get; set; }

        public long GuestLines { get; set; }

        public ShopDataLoadResult Result()
        {
            var products = new List<Product>(ProductOrder.Count);
            foreach (var id in ProductOrder)
            {
                var (name, price) = Products[id];
                products.Add(new Product(id, name, CategoryOf(name), price));
            }

            var customers = CustomerOrder.ConvertAll(id => Customers[id]);
            var data = new ShopData(DatasetName, customers, products, OrderList, Items, []);
            ShopDataExclusion[] excluded =
            [
                new("cancellation (InvoiceNo starts with C)", Cancellations),
                new("bad-debt adjustment (InvoiceNo starts with A)", Adjustments),
                new("non-product stock code (postage, carriage, manual, discount, samples, fees, gift vouchers)", NonProducts),
                new("Quantity ≤ 0 (returns and stock adjustments)", NonPositiveQuantity),
                new("UnitPrice ≤ 0 (free or unpriced lines)", NonPositivePrice),
            ];
            var kept = Lines - Cancellations - Adjustments - NonProducts - NonPositiveQuantity - NonPositivePrice;
            var guestInvoices = CustomerOrder.Count(id => id.StartsWith(GuestPrefix, StringComparison.Ordinal));
            return new ShopDataLoadResult(data, excluded,
            [
                $"{Lines:N0} invoice lines read, {kept:N0} kept as order lines",
                $"{GuestLines:N0} kept lines had no CustomerID: kept as {guestInvoices:N0} guest checkouts (customer '{GuestPrefix}<InvoiceNo>', attribute {GuestAttribute}=true)",
            ]);
        }
    }

    private static void ReadFile(string path, LoadState state)
    {
        using var csv = CsvRecordReader.Open(path);
        var fields = new List<string>(8);
        if (!csv.TryReadRecord(fields))
        {
            state.Errors.Add(new ShopDataError(path, 0, "file is empty"));
            return;
        }

        var index = new int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            index[c] = fields.FindIndex(f => string.Equals(f.Trim(), Columns[c], StringComparison.OrdinalIgnoreCase));
            if (index[c] < 0)
            {
                state.Errors.Add(new ShopDataError(path, 1, $"header has no '{Columns[c]}' column (found: {string.Join(", ", fields)})"));
                return;
            }
        }

        var headerCount = fields.Count;
        while (csv.TryReadRecord(fields))
        {
            state.Lines++;
            if (csv.RecordError is not null || fields.Count != headerCount)
            {
                state.Errors.Add(new ShopDataError(path, csv.RecordLine, csv.RecordError ?? $"has {fields.Count} columns, expected {headerCount}"));
                continue;
            }

            ReadLine(path, csv.RecordLine, fields, index, state);
        }
    }

    private static void ReadLine(string path, int line, List<string> fields, int[] index, LoadState state)
    {
        var invoice = fields[index[0]];
        if (invoice.StartsWith('C'))
        {
            state.Cancellations++;
            return;
        }

        if (invoice.StartsWith('A'))
        {
            state.Adjustments++;
            return;
        }

        var stockCode = fields[index[1]];
        if (NonProductCodes.Contains(stockCode))
        {
            state.NonProducts++;
            return;
        }

        if (!int.TryParse(fields[index[3]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity))
        {
            state.Errors.Add(new ShopDataError(path, line, $"Quantity '{fields[index[3]]}' is not a whole number"));
            return;
        }

        if (!ShopCsvFormat.TryParseNumber(fields[index[5]], out var price))
        {
            state.Errors.Add(new ShopDataError(path, line, $"UnitPrice '{fields[index[5]]}' is not a number"));
            return;
        }

        if (quantity <= 0)
        {
            state.NonPositiveQuantity++;
            return;
        }

        if (price <= 0)
        {
            state.NonPositivePrice++;
            return;
        }

        if (!state.Orders.TryGetValue(invoice, out var order))
        {
            if (!ShopCsvFormat.TryParseTimestamp(fields[index[4]], out var at))
            {
                state.Errors.Add(new ShopDataError(path, line, $"InvoiceDate '{fields[index[4]]}' is not a date (expected yyyy-MM-dd HH:mm:ss)"));
                return;
            }

            var customerId = CustomerIdOf(fields[index[6]], invoice);
            if (!state.Customers.ContainsKey(customerId))
            {
                var guest = customerId.StartsWith(GuestPrefix, StringComparison.Ordinal);
                state.Customers[customerId] = new Customer(customerId, at, fields[index[7]].Trim(), false)
                {
                    Attributes = guest ? GuestAttributes : Customer.EmptyAttributes,
                };
                state.CustomerOrder.Add(customerId);
            }

            order = new Order(invoice, customerId, at);
            state.Orders[invoice] = order;
            state.OrderList.Add(order);
        }

        if (order.CustomerId.StartsWith(GuestPrefix, StringComparison.Ordinal))
        {
            state.GuestLines++;
        }

        if (state.Products.TryGetValue(stockCode, out var product))
        {
            state.Products[stockCode] = (product.Name, price);
        }
        else
        {
            var description = fields[index[2]].Trim();
            state.Products[stockCode] = (description.Length > 0 ? description : stockCode, price);
            state.ProductOrder.Add(stockCode);
        }

        state.Items.Add(new OrderItem(invoice, stockCode, quantity, price));
    }

    private static readonly IReadOnlyDictionary<string, string> GuestAttributes =
        new Dictionary<string, string>(StringComparer.Ordinal) { [GuestAttribute] = "true" };

    /// <summary>"17850.0" → "17850"; blank → the invoice's guest customer.</summary>
    internal static string CustomerIdOf(string raw, string invoice)
    {
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return GuestPrefix + invoice;
        }

        var dot = text.IndexOf('.');
        if (dot >= 0 && text[(dot + 1)..].TrimEnd('0').IsEmpty)
        {
            text = text[..dot];
        }

        return text.ToString();
    }

    /// <summary>The description's last word in title case ("WHITE METAL LANTERN" → "Lantern").</summary>
    internal static string CategoryOf(string description)
    {
        var words = description.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = words.Length - 1; i >= 0; i--)
        {
            var word = words[i].Trim(',', '.', '(', ')', '+', '&', '\'', '"');
            if (word.Length > 1 && char.IsLetter(word[0]))
            {
                return char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();
            }
        }

        return "Other";
    }
}
