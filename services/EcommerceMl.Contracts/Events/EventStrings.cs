using System.Text;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// The distinct strings of an <see cref="EventColumns"/> table (types, customers, visitors, products, sessions,
/// queries, order ids), each kept once as UTF-8 and numbered in order of first appearance; the .NET string of one is
/// made on first use. Millions of events name a few thousand products and customers, so a column holds their numbers
/// and the table holds the text once: no object per event for the garbage collector to carry. Not thread-safe.
/// </summary>
public sealed partial class EventStrings
{
    private byte[] _bytes = new byte[4096];
    private int _used;
    private (int Start, int Length)[] _span = new (int, int)[256];
    private int[] _hash = new int[256];
    private string?[] _text = new string?[256];

    /// <summary>
    /// Open addressing, a power of two never more than half full: a string's hash in the high half and its number plus
    /// one in the low (0 = empty), so a probe compares hashes without reaching for the string. Empty until first needed
    /// for a table read whole (<see cref="ReadFrom"/>): most are only renumbered into another, which reads no slot.
    /// </summary>
    private long[] _slots = new long[512];

    public int Count { get; private set; }

    /// <summary>The number of <paramref name="utf8"/>, added when it is new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8) => Intern(utf8, Hash(utf8));

    /// <summary>The hash <see cref="Intern(ReadOnlySpan{byte})"/> files string <paramref name="index"/> under.</summary>
    public int HashOf(int index) => _hash[index];

    /// <summary>As <see cref="Intern(ReadOnlySpan{byte})"/>, with the hash another table computed (<see cref="HashOf"/>).</summary>
    public int Intern(ReadOnlySpan<byte> utf8, int hash)
    {
        EnsureSlots();
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return Add(utf8, hash, slot);
            }

            var index = (int)(uint)entry - 1;
            if ((int)(entry >> 32) == hash && Bytes(index).SequenceEqual(utf8))
            {
                return index;
            }
        }
    }

    /// <summary>The number of <paramref name="text"/> (its UTF-8), added when it is new.</summary>
    public int Intern(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, buffer);
        var index = Intern(buffer);
        _text[index] ??= text;
        return index;
    }

    /// <summary>The number of <paramref name="text"/>, or <see cref="EventColumns.None"/> when the table does not hold it (nothing is added).</summary>
    public int Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Find(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The number of <paramref name="utf8"/>, or <see cref="EventColumns.None"/> when the table does not hold it (nothing is added).</summary>
    public int Find(ReadOnlySpan<byte> utf8)
    {
        EnsureSlots();
        var hash = Hash(utf8);
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; _slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var index = (int)(uint)_slots[slot] - 1;
            if ((int)(_slots[slot] >> 32) == hash && Bytes(index).SequenceEqual(utf8))
            {
                return index;
            }
        }

        return EventColumns.None;
    }

    /// <summary>The UTF-8 of string <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int index)
    {
        var (start, length) = _span[index];
        return _bytes.AsSpan(start, length);
    }

    /// <summary>String <paramref name="index"/> (the same instance every time).</summary>
    public string this[int index] => _text[index] ??= Encoding.UTF8.GetString(Bytes(index));

    /// <summary>String <paramref name="index"/>, or null for <see cref="EventColumns.None"/>.</summary>
    public string? Get(int index) => index < 0 ? null : this[index];

    private int Add(ReadOnlySpan<byte> utf8, int hash, int slot)
    {
        if (_used + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + utf8.Length));
        }

        if (Count == _span.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _span, size);
            Array.Resize(ref _hash, size);
            Array.Resize(ref _text, size);
        }

        var index = Count++;
        utf8.CopyTo(_bytes.AsSpan(_used));
        (_span[index], _hash[index]) = ((_used, utf8.Length), hash);
        _used += utf8.Length;
        _slots[slot] = Slot(hash, index);
        if (Count * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }

        return index;
    }

    private void EnsureSlots()
    {
        if (_slots.Length == 0)
        {
            Rehash((int)Math.Max(512, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Count * 2 + 1)));
        }
    }

    private void Rehash(int size)
    {
        _slots = new long[size];
        var mask = _slots.Length - 1;
        for (var index = 0; index < Count; index++)
        {
            var slot = _hash[index] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = Slot(_hash[index], index);
        }
    }

    private static long Slot(int hash, int index) => ((long)hash << 32) | (uint)(index + 1);

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode() & int.MaxValue;
    }
}
