namespace EcommerceMl.Contracts.Events;

/// <summary>The columns as <see cref="EventColumnsFile"/> stores them: the string table, then each column whole.</summary>
public sealed partial class EventColumns
{
    /// <summary>The most rows or purchase lines one stored table may say it holds (an hour at 50,000 events/s is 180 M).</summary>
    private const int MaxStoredRows = 1 << 28;

    private static readonly long MaxTicks = DateTime.MaxValue.Ticks;

    /// <summary>Writes the string table and every column, little-endian.</summary>
    internal void WriteColumns(Stream output)
    {
        Strings.WriteTo(output);
        ColumnStreams.WriteInt(output, Count);
        ColumnStreams.WriteInt(output, _lineProduct.Count);
        ColumnStreams.WriteLong(output, Duplicates);
        _ids.WriteTo(output);
        _sessionIds.WriteTo(output);
        ColumnStreams.Write(output, _occurredAt);
        ColumnStreams.Write(output, _receivedAt);
        foreach (var numbers in StringColumns())
        {
            ColumnStreams.Write(output, numbers);
        }

        ColumnStreams.WriteNullable(output, _resultCount);
        ColumnStreams.Write(output, _linesEnd);
        ColumnStreams.Write(output, _lineProduct);
        ColumnStreams.WriteNullable(output, _lineQuantity);
        WritePrices(output);
    }

    /// <summary>
    /// Reads what <see cref="WriteColumns"/> wrote, checking every value a reader of the columns relies on (string
    /// numbers within the table, times within <see cref="DateTime"/>'s range, purchase lines in order); throws
    /// <see cref="InvalidDataException"/> naming the first that is not.
    /// </summary>
    internal static EventColumns ReadColumns(Stream input)
    {
        var columns = new EventColumns();
        columns.Strings.ReadFrom(input);
        var rows = ColumnStreams.ReadCount(input, MaxStoredRows, "the row count");
        var lines = ColumnStreams.ReadCount(input, MaxStoredRows, "the purchase line count");
        var duplicates = ColumnStreams.ReadLong(input);
        columns.Duplicates = duplicates >= 0 ? duplicates : throw new InvalidDataException($"the duplicate count is {duplicates}.");
        columns._ids.ReadFrom(input, rows, "ids");
        columns._sessionIds.ReadFrom(input, rows, "session ids");
        ColumnStreams.Read(input, columns._occurredAt, rows);
        ColumnStreams.Read(input, columns._receivedAt, rows);
        foreach (var numbers in columns.StringColumns())
        {
            ColumnStreams.Read(input, numbers, rows);
        }

        ColumnStreams.ReadNullable(input, columns._resultCount, rows, "result counts");
        ColumnStreams.Read(input, columns._linesEnd, rows);
        ColumnStreams.Read(input, columns._lineProduct, lines);
        ColumnStreams.ReadNullable(input, columns._lineQuantity, lines, "line quantities");
        columns.ReadPrices(input, lines);
        columns.Check(lines);
        return columns;
    }

    /// <summary>The columns that hold numbers into <see cref="Strings"/>, in their stored order.</summary>
    private List<int>[] StringColumns() => [_type, _customer, _visitor, _product, _session, _query, _order];

    private void Check(int lines)
    {
        var strings = Strings.Count;
        for (var row = 0; row < Count; row++)
        {
            CheckTicks(_occurredAt[row], row, "occurredAt");
            CheckTicks(_receivedAt[row], row, "receivedAt");
            CheckNumber(_type[row], 0, strings, row, "type");
            CheckNumber(_customer[row], None, strings, row, "customer");
            CheckNumber(_visitor[row], None, strings, row, "visitor");
            CheckNumber(_product[row], None, strings, row, "product");
            CheckNumber(_session[row], Unnumbered, strings, row, "session");
            CheckNumber(_query[row], None, strings, row, "query");
            CheckNumber(_order[row], None, strings, row, "order");
            var (start, count) = (row == 0 ? 0 : _linesEnd[row - 1], _linesEnd[row]);
            if (count < start || count > lines)
            {
                throw new InvalidDataException($"row {row}: its purchase lines end at {count}, before they start ({start}) or beyond the {lines} lines.");
            }
        }

        if ((Count == 0 ? 0 : _linesEnd[^1]) != lines)
        {
            throw new InvalidDataException($"the rows' purchase lines end at {(Count == 0 ? 0 : _linesEnd[^1])}, not at the {lines} lines stored.");
        }

        for (var line = 0; line < lines; line++)
        {
            CheckNumber(_lineProduct[line], None, strings, line, "a purchase line's product");
        }
    }

    private static void CheckTicks(long ticks, int row, string what)
    {
        if (ticks < 0 || ticks > MaxTicks)
        {
            throw new InvalidDataException($"row {row}: {what} is {ticks} ticks, outside DateTime's range.");
        }
    }

    private static void CheckNumber(int number, int lowest, int strings, int row, string what)
    {
        if (number < lowest || number >= strings)
        {
            throw new InvalidDataException($"row {row}: its {what} is string {number}, outside {lowest}..{strings - 1}.");
        }
    }

    /// <summary>Prices as decimal's four parts (<see cref="decimal.GetBits(decimal)"/>: its stable form) behind a presence byte.</summary>
    private void WritePrices(Stream output)
    {
        var present = new byte[_linePrice.Count];
        var parts = new int[4 * _linePrice.Count];
        for (var i = 0; i < _linePrice.Count; i++)
        {
            if (_linePrice[i] is { } price)
            {
                present[i] = 1;
                decimal.GetBits(price, parts.AsSpan(4 * i, 4));
            }
        }

        ColumnStreams.Write<byte>(output, present);
        ColumnStreams.Write<int>(output, parts);
    }

    private void ReadPrices(Stream input, int lines)
    {
        var present = new List<byte>();
        ColumnStreams.Read(input, present, lines);
        var parts = new List<int>();
        ColumnStreams.Read(input, parts, 4 * lines);
        for (var i = 0; i < lines; i++)
        {
            _linePrice.Add(present[i] switch
            {
                0 => null,
                1 => Price(parts, i),
                _ => throw new InvalidDataException($"purchase line {i}: price presence byte {present[i]} is neither 0 nor 1."),
            });
        }
    }

    private static decimal Price(List<int> parts, int line)
    {
        try
        {
            return new decimal(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parts).Slice(4 * line, 4));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"purchase line {line}: its price's stored parts are not a decimal.", e);
        }
    }

    private sealed partial class ByteRows
    {
        /// <summary>The rows' ends, then their bytes end to end.</summary>
        public void WriteTo(Stream output)
        {
            ColumnStreams.Write(output, _end);
            ColumnStreams.Write<byte>(output, _bytes.AsSpan(0, _used));
        }

        public void ReadFrom(Stream input, int rows, string what)
        {
            ColumnStreams.Read(input, _end, rows);
            var previous = 0;
            foreach (var end in _end)
            {
                if (end < previous)
                {
                    throw new InvalidDataException($"{what}: a row ends at byte {end}, before the row ahead of it ({previous}).");
                }

                previous = end;
            }

            _bytes = new byte[Math.Max(previous, 16)];
            input.ReadExactly(_bytes.AsSpan(0, previous));
            _used = previous;
        }
    }
}
