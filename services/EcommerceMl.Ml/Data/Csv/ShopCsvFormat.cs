using System.Globalization;

namespace EcommerceMl.Ml.Data.Csv;

/// <summary>
/// The canonical CSV layout of a shop: one file per table in one folder, a header row naming the
/// columns (any order, matched case-insensitively), RFC-4180 quoting, invariant culture.
/// See Data/README.md for the full description.
/// </summary>
public static class ShopCsvFormat
{
    public const string CustomersFile = "customers.csv";
    public const string ProductsFile = "products.csv";
    public const string OrdersFile = "orders.csv";
    public const string OrderItemsFile = "order_items.csv";
    public const string EventsFile = "events.csv";

    public static readonly IReadOnlyList<string> CustomerColumns = ["customer_id", "signup_at", "country", "loyalty_member"];

    /// <summary>Optional customers column: the churn label (true/false, empty = unknown).</summary>
    public const string ChurnedColumn = "churned";

    public static readonly IReadOnlyList<string> ProductColumns = ["product_id", "name", "category", "price"];

    /// <summary>Optional in products.csv: the product's description (searched); any further column is an attribute.</summary>
    public const string DescriptionColumn = "description";
    public static readonly IReadOnlyList<string> OrderColumns = ["order_id", "customer_id", "ordered_at"];
    public static readonly IReadOnlyList<string> OrderItemColumns = ["order_id", "product_id", "quantity", "unit_price"];
    public static readonly IReadOnlyList<string> EventColumns = ["customer_id", "product_id", "event_type", "occurred_at"];

    /// <summary>What error messages tell the user to write.</summary>
    public const string TimestampFormatHint = "yyyy-MM-dd HH:mm:ss";

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime value)
    {
        if (DateTime.TryParseExact(text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            return true;
        }

        return false;
    }

    /// <summary>Whole seconds as <c>yyyy-MM-dd HH:mm:ss</c>; a fraction only when there is one.</summary>
    public static string FormatTimestamp(DateTime value) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Shortest text that parses back to the same double.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParseBool(ReadOnlySpan<char> text, out bool value)
    {
        var t = text.Trim();
        if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("1", StringComparison.Ordinal) || t.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("0", StringComparison.Ordinal) || t.Equals("no", StringComparison.OrdinalIgnoreCase);
    }

    public static string FormatBool(bool value) => value ? "true" : "false";

    public static bool TryParseEventType(ReadOnlySpan<char> text, out ShopEventType value)
    {
        var t = text.Trim();
        if (t.Equals("view", StringComparison.OrdinalIgnoreCase))
        {
            value = ShopEventType.View;
            return true;
        }

        if (t.Equals("add_to_cart", StringComparison.OrdinalIgnoreCase))
        {
            value = ShopEventType.AddToCart;
            return true;
        }

        value = ShopEventType.Purchase;
        return t.Equals("purchase", StringComparison.OrdinalIgnoreCase);
    }

    public static string FormatEventType(ShopEventType type) => type switch
    {
        ShopEventType.View => "view",
        ShopEventType.AddToCart => "add_to_cart",
        ShopEventType.Purchase => "purchase",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown event type"),
    };

    /// <summary>Quotes a field when RFC-4180 requires it (comma, quote, line break, or edge spaces).</summary>
    public static string Escape(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value[0] == ' ' || value[^1] == ' ';
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
