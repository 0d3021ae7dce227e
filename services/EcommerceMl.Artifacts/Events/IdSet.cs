using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// The ids a read of the sink has taken, as 128-bit hashes (XXH3, seeded per read), where a collision among a window's
/// ids is out of reach: 21 to 43 bytes an id (16-byte slots, doubled when three quarters full), where the strings took
/// about 250. Open addressing on the hash's low bits: one cache line per new id, where a <see cref="HashSet{T}"/>
/// reaches a bucket and then an entry — about twice as fast (the set is the one step of a read that runs on one thread).
/// </summary>
/// <remarks>
/// <see cref="Hash(ReadOnlySpan{byte})"/> may be called from any thread; <see cref="Add"/> from one at a time. The seed
/// is random because ids are made by clients: with a fixed one, a shop's events could be crafted to collide in the low
/// bits and make every read of the window slow.
/// </remarks>
internal sealed class IdSet
{
    private readonly long _seed = Random.Shared.NextInt64();
    private UInt128[] _slots = new UInt128[1 << 12];
    private int _count;
    private bool _hasZero;

    public UInt128 Hash(ReadOnlySpan<byte> id) => XxHash128.HashToUInt128(id, _seed);

    public UInt128 Hash(string id)
    {
        var length = Encoding.UTF8.GetByteCount(id);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        Encoding.UTF8.GetBytes(id, buffer);
        var hash = Hash(buffer);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    /// <summary>Adds a hash; false when it was there (a repeated id).</summary>
    public bool Add(UInt128 hash)
    {
        if (hash == UInt128.Zero)
        {
            // Zero marks an empty slot; the one id that hashes to it is kept aside.
            var isNew = !_hasZero;
            _hasZero = true;
            return isNew;
        }

        var mask = _slots.Length - 1;
        for (var slot = (int)(ulong)hash & mask; ; slot = (slot + 1) & mask)
        {
            var held = _slots[slot];
            if (held == UInt128.Zero)
            {
                _slots[slot] = hash;
                if (++_count > _slots.Length / 4 * 3)
                {
                    Grow();
                }

                return true;
            }

            if (held == hash)
            {
                return false;
            }
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new UInt128[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var hash in old)
        {
            if (hash != UInt128.Zero)
            {
                var slot = (int)(ulong)hash & mask;
                while (_slots[slot] != UInt128.Zero)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = hash;
            }
        }
    }
}
