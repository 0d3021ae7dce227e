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
    /// Open addressing, a power of two never more than half full: each slot holds a string's hash, its number plus one
    /// (0 = empty) and where its bytes lie, so a probe compares hashes and then the bytes themselves — one memory access
    /// fewer than going through the number (bench <c>events-read</c>: numbering a window's strings is most of copying
    /// compacted hours). Empty until first needed for a table read whole (<see cref="ReadFrom"/>): most are only
    /// renumbered into another, which reads no slot.
    /// </summary>
    private Slot[] _slots = new Slot[512];

    public int Count { get; private set; }

    /// <summary>The number of <paramref name="utf8"/>, added when it is new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8) => Intern(utf8, Hash(utf8));

    /// <summary>The hash <see cref="Intern(ReadOnlySpan{byte})"/> files string <paramref name="index"/> under.</summary>
    public int HashOf(int index) => _hash[index];

    /// <summary>As <see cref="Intern(ReadOnlySpan{byte})"/>, with the hash another table computed (<see cref="HashOf"/>).</summary>
    public int Intern(ReadOnlySpan<byte> utf8, int hash)
    {
        var found = Lookup(utf8, hash, out var empty);
        return found >= 0 ? found : Add(utf8, hash, empty);
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
    public int Find(ReadOnlySpan<byte> utf8) => Lookup(utf8, Hash(utf8), out _);

    /// <summary>The number of <paramref name="utf8"/>, or <see cref="EventColumns.None"/> and the empty slot where it would go.</summary>
    private int Lookup(ReadOnlySpan<byte> utf8, int hash, out int empty)
    {
        EnsureSlots();
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            ref readonly var entry = ref _slots[slot];
            if (entry.Number == 0)
            {
                empty = slot;
                return EventColumns.None;
            }

            if (entry.Hash == hash && entry.Length == utf8.Length && _bytes.AsSpan(entry.Start, entry.Length).SequenceEqual(utf8))
            {
                empty = -1;
                return entry.Number - 1;
            }
        }
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
        _slots[slot] = SlotOf(index);
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
        _slots = new Slot[size];
        var mask = _slots.Length - 1;
        for (var index = 0; index < Count; index++)
        {
            var slot = _hash[index] & mask;
            while (_slots[slot].Number != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = SlotOf(index);
        }
    }

    private Slot SlotOf(int index) => new(_hash[index], index + 1, _span[index].Start, _span[index].Length);

    /// <summary>A string's hash, its number plus one (0: an empty slot), and where its bytes lie.</summary>
    private readonly record struct Slot(int Hash, int Number, int Start, int Length);

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode() & int.MaxValue;
    }
}
