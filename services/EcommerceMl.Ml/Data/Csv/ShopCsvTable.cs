namespace EcommerceMl.Ml.Data.Csv;

/// <summary>
/// One canonical CSV file being read: finds the required columns in the header, then walks the
/// rows, checking each has as many fields as the header and is well quoted, and gives typed,
/// validated access to the current row's fields. Problems are added to the current row's
/// error list with the file and physical line; the caller decides whether the row is kept.
/// </summary>
internal sealed class ShopCsvTable : IDisposable
{
    private readonly CsvRecordReader _csv;
    private readonly List<string> _fields = new(16);
    private readonly int[] _required;
    private readonly List<string> _header;

    private ShopCsvTable(CsvRecordReader csv, string path, List<string> header, int[] required)
    {
        _csv = csv;
        Path = path;
        _header = header;
        _required = required;
    }

    public string Path { get; }

    public IReadOnlyList<string> Header => _header;

    public int Line => _csv.RecordLine;

    /// <summary>Problems found in the current row.</summary>
    public List<string> RowErrors { get; } = new(2);

    /// <summary>
    /// Opens <paramref name="file"/> in <paramref name="folder"/>; null (with an error added, unless
    /// the file is optional and absent) when it cannot be read as that table.
    /// </summary>
    public static ShopCsvTable? Open(string folder, string file, IReadOnlyList<string> requiredColumns, bool optional, List<ShopDataError> errors)
    {
        var path = System.IO.Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            if (!optional)
            {
                errors.Add(new ShopDataError(path, 0, $"file not found (expected a header row with {string.Join(", ", requiredColumns)})"));
            }

            return null;
        }

        var csv = CsvRecordReader.Open(path);
        var header = new List<string>();
        if (!csv.TryReadRecord(header))
        {
            errors.Add(new ShopDataError(path, 0, $"file is empty (expected a header row with {string.Join(", ", requiredColumns)})"));
            csv.Dispose();
            return null;
        }

        for (var i = 0; i < header.Count; i++)
        {
            header[i] = header[i].Trim();
        }

        var required = new int[requiredColumns.Count];
        var headerOk = true;
        for (var r = 0; r < requiredColumns.Count; r++)
        {
            required[r] = header.FindIndex(h => string.Equals(h, requiredColumns[r], StringComparison.OrdinalIgnoreCase));
            if (required[r] < 0)
            {
                errors.Add(new ShopDataError(path, csv.RecordLine, $"header has no '{requiredColumns[r]}' column (found: {string.Join(", ", header)}; required: {string.Join(", ", requiredColumns)})"));
                headerOk = false;
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in header)
        {
            if (!seen.Add(name))
            {
                errors.Add(new ShopDataError(path, csv.RecordLine, $"header names column '{name}' twice"));
                headerOk = false;
            }
        }

        if (!headerOk)
        {
            csv.Dispose();
            return null;
        }

        return new ShopCsvTable(csv, path, header, required);
    }

    /// <summary>Index in the header of a column, or -1.</summary>
    public int IndexOf(string column) =>
        _header.FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Moves to the next row. Returns false at the end of the file. A row with the wrong number of
    /// fields or broken quoting comes back with <see cref="RowErrors"/> already filled and
    /// <see cref="IsReadable"/> false.
    /// </summary>
    public bool MoveNext()
    {
        RowErrors.Clear();
        if (!_csv.TryReadRecord(_fields))
        {
            return false;
        }

        if (_csv.RecordError is { } quoting)
        {
            RowErrors.Add(quoting);
        }
        else if (_fields.Count != Header.Count)
        {
            RowErrors.Add($"has {_fields.Count} columns, expected {Header.Count} ({string.Join(", ", Header)})");
        }

        return true;
    }

    public bool IsReadable => RowErrors.Count == 0;

    /// <summary>The raw text of the field at a header index.</summary>
    public string Raw(int headerIndex) => _fields[headerIndex];

    /// <summary>The raw text of the n-th required column.</summary>
    public string Field(int required) => _fields[_required[required]];

    /// <summary>The trimmed id in the n-th required column even when the row is unreadable, or "" when it has no such field.</summary>
    public string IdIfPresent(int required) => _required[required] < _fields.Count ? _fields[_required[required]].Trim() : string.Empty;

    public string ColumnName(int required) => Header[_required[required]];

    public string Id(int required)
    {
        var value = Field(required).Trim();
        if (value.Length == 0)
        {
            RowErrors.Add($"{ColumnName(required)} is empty (expected an id)");
        }

        return value;
    }

    public DateTime Timestamp(int required)
    {
        var text = Field(required);
        if (ShopCsvFormat.TryParseTimestamp(text, out var value))
        {
            return value;
        }

        RowErrors.Add($"{ColumnName(required)} '{text}' is not a date (expected {ShopCsvFormat.TimestampFormatHint}, yyyy-MM-ddTHH:mm:ss or yyyy-MM-dd)");
        return default;
    }

    public double NonNegativeNumber(int required)
    {
        var text = Field(required);
        if (!ShopCsvFormat.TryParseNumber(text, out var value))
        {
            RowErrors.Add($"{ColumnName(required)} '{text}' is not a number (expected e.g. 12.99)");
        }
        else if (value < 0)
        {
            RowErrors.Add($"{ColumnName(required)} '{text}' is negative (expected 0 or more)");
        }

        return value;
    }

    public int PositiveInteger(int required)
    {
        var text = Field(required);
        if (!int.TryParse(text.AsSpan().Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            RowErrors.Add($"{ColumnName(required)} '{text}' is not a whole number (expected a positive integer)");
        }
        else if (value <= 0)
        {
            RowErrors.Add($"{ColumnName(required)} '{text}' is not positive (expected 1 or more)");
        }

        return value;
    }

    public bool Bool(int required) => ParseBool(Field(required), ColumnName(required)) ?? false;

    /// <summary>An optional boolean column: empty means unknown (null).</summary>
    public bool? OptionalBool(int headerIndex) =>
        headerIndex < 0 || Raw(headerIndex).Trim().Length == 0 ? null : ParseBool(Raw(headerIndex), Header[headerIndex]);

    private bool? ParseBool(string text, string column)
    {
        if (ShopCsvFormat.TryParseBool(text, out var value))
        {
            return value;
        }

        RowErrors.Add($"{column} '{text}' is not a boolean (expected true or false)");
        return null;
    }

    public ShopEventType EventType(int required)
    {
        var text = Field(required);
        if (!ShopCsvFormat.TryParseEventType(text, out var value))
        {
            RowErrors.Add($"{ColumnName(required)} '{text}' is not an event type (expected view, add_to_cart or purchase)");
        }

        return value;
    }

    public void Dispose() => _csv.Dispose();
}
