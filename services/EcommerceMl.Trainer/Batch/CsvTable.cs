using System.Globalization;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// An output table as CSV (RFC 4180, UTF-8, '\n' line ends): the PostgreSQL table's columns after <c>model</c> and
/// <c>model_version</c>, and how one row's fields are written. Numbers are invariant and round-trip (the shortest
/// text that reads back as the same double), dates yyyy-MM-dd.
/// </summary>
public sealed record CsvTable<T>(IReadOnlyList<string> Columns, Action<TextWriter, T> WriteFields)
{
    /// <summary>The header line, without its line end.</summary>
    public string Header => string.Join(',', new[] { "model", "model_version" }.Concat(Columns));
}

/// <summary>Writes CSV fields: text quoted only when it must be, numbers and dates in one culture-free form.</summary>
public static class CsvFields
{
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    public static void Text(TextWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    public static void Number(TextWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> buffer = stackalloc char[32];
        writer.Write(value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture) ? buffer[..written] : value.ToString("R", CultureInfo.InvariantCulture));
    }

    public static void Integer(TextWriter writer, long value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> buffer = stackalloc char[20];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    public static void Date(TextWriter writer, DateOnly value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> buffer = stackalloc char[10];
        value.TryFormat(buffer, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    /// <summary>A field separator.</summary>
    public static void Next(TextWriter writer) => writer.Write(',');
}
