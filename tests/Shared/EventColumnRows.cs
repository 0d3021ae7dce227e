using System.Globalization;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Testing;

/// <summary>The rows of an <see cref="EventColumns"/> table as text, every column spelt out, so two tables compare as lists.</summary>
internal static class EventColumnRows
{
    public static List<string> Of(EventColumns columns) => [.. Enumerable.Range(0, columns.Count).Select(row => Row(columns, row))];

    /// <summary>The events as the columns of records give them (what a reader of records hands on).</summary>
    public static List<string> Of(IEnumerable<ShopEventRecord> events)
    {
        var columns = new EventColumns();
        foreach (var e in events)
        {
            columns.Add(e);
        }

        return Of(columns);
    }

    private static string Row(EventColumns c, int row)
    {
        var s = c.Strings;
        var (start, count) = c.Lines(row);
        var lines = Enumerable.Range(start, count).Select(line =>
            $"{s.Get(c.LineProduct(line)) ?? "-"}x{c.LineQuantity(line)?.ToString(CultureInfo.InvariantCulture) ?? "-"}@{c.LineUnitPrice(line)?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        return string.Join("|", c.IdText(row), s[c.Type(row)], c.OccurredAtUtcTicks(row), c.ReceivedAtUtcTicks(row), s.Get(c.Customer(row)) ?? "-",
            s.Get(c.Visitor(row)) ?? "-", s.Get(c.Product(row)) ?? "-", s.Get(c.Session(row)) ?? "-", s.Get(c.Query(row)) ?? "-",
            c.ResultCount(row)?.ToString(CultureInfo.InvariantCulture) ?? "-", s.Get(c.Order(row)) ?? "-", string.Join(";", lines));
    }
}
