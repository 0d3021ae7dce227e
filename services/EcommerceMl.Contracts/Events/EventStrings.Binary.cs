namespace EcommerceMl.Contracts.Events;

/// <summary>The table as <see cref="EventColumnsFile"/> stores it: the count, each string's length, then the bytes end to end.</summary>
public sealed partial class EventStrings
{
    private const int MaxStoredStrings = 1 << 28;

    internal void WriteTo(Stream output)
    {
        ColumnStreams.WriteInt(output, Count);
        var lengths = new int[Count];
        for (var index = 0; index < lengths.Length; index++)
        {
            lengths[index] = _span[index].Length;
        }

        ColumnStreams.Write<int>(output, lengths);
        ColumnStreams.Write<byte>(output, _bytes.AsSpan(0, _used));
    }

    /// <summary>
    /// Takes the stored strings into this (empty) table, each under its stored number. Their slots are left to the
    /// first lookup: a table read whole is usually only renumbered into another's, which needs its bytes and hashes.
    /// </summary>
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

        var bytes = new byte[Math.Max(total, 16)];
        input.ReadExactly(bytes.AsSpan(0, (int)total));
        var size = Math.Max(count, 16);
        (_bytes, _used, _span, _hash, _text, _slots) = (bytes, (int)total, new (int, int)[size], new int[size], new string?[size], []);
        var start = 0;
        for (var index = 0; index < count; index++)
        {
            _span[index] = (start, lengths[index]);
            _hash[index] = Hash(bytes.AsSpan(start, lengths[index]));
            start += lengths[index];
        }

        Count = count;
    }
}
