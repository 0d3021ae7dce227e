namespace EcommerceMl.Contracts.Events;

/// <summary>The table as <see cref="EventColumnsFile"/> stores it: the count, each string's length, then the bytes end to end.</summary>
public sealed partial class EventStrings
{
    private const int MaxStoredStrings = 1 << 28;

    internal void WriteTo(Stream output)
    {
        ColumnStreams.WriteInt(output, Count);
        ColumnStreams.Write<int>(output, _length.AsSpan(0, Count));
        ColumnStreams.Write<byte>(output, _bytes.AsSpan(0, _used));
    }

    /// <summary>Adds the stored strings to this (empty) table, each under its stored number.</summary>
    internal void ReadFrom(Stream input)
    {
        if (Count != 0)
        {
            throw new InvalidOperationException("Stored strings are read into an empty table only.");
        }

        var count = ColumnStreams.ReadCount(input, MaxStoredStrings, "the string count");
        var lengths = new List<int>();
        ColumnStreams.Read(input, lengths, count);
        long total = 0;
        foreach (var length in lengths)
        {
            total += length >= 0 ? length : throw new InvalidDataException($"a stored string's length is {length}.");
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidDataException($"the stored strings say they hold {total:N0} bytes, more than an array can.");
        }

        var bytes = new byte[total];
        input.ReadExactly(bytes);
        var start = 0;
        for (var index = 0; index < count; index++)
        {
            if (Intern(bytes.AsSpan(start, lengths[index])) != index)
            {
                throw new InvalidDataException($"stored string {index} repeats an earlier one.");
            }

            start += lengths[index];
        }
    }
}
