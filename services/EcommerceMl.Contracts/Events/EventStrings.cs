using System.Text;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// The distinct strings of an <see cref="EventColumns"/> table (types, customers, visitors, products, sessions,
/// queries, order ids), each kept once as UTF-8 and numbered in order of first appearance; the .NET string of one is
/// made on first use. Millions of events name a few thousand products and customers, so a column holds their numbers
/// and the table holds the text once: no object per event for the garbage collector to carry. Not thread-safe.
/// </summary>
public sealed class EventStrings
{
    private byte[] _bytes = new byte[4096];
    private int _used;
    private int[] _start = new int[256];
    private int[] _length = new int[256];
    private int[] _hash = new int[256];
    private string?[] _text = new string?[256];

    /// <summary>Open addressing: a string's number plus one, 0 for an empty slot; a power of two, never more than half full.</summary>
    private int[] _slots = new int[512];

    public int Count { get; private set; }

    /// <summary>The number of <paramref name="utf8"/>, added when it is new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        var hash = Hash(utf8);
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                return Add(utf8, hash, slot);
            }

            if (_hash[entry] == hash && Bytes(entry).SequenceEqual(utf8))
            {
                return entry;
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

    /// <summary>The UTF-8 of string <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int index) => _bytes.AsSpan(_start[index], _length[index]);

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

        if (Count == _start.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _start, size);
            Array.Resize(ref _length, size);
            Array.Resize(ref _hash, size);
            Array.Resize(ref _text, size);
        }

        var index = Count++;
        utf8.CopyTo(_bytes.AsSpan(_used));
        (_start[index], _length[index], _hash[index]) = (_used, utf8.Length, hash);
        _used += utf8.Length;
        _slots[slot] = index + 1;
        if (Count * 2 > _slots.Length)
        {
            Rehash();
        }

        return index;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var index = 0; index < Count; index++)
        {
            var slot = _hash[index] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = index + 1;
        }
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode() & int.MaxValue;
    }
}
