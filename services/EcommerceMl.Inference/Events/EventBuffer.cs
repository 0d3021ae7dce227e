using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Data;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Events;

/// <summary>
/// The most recent shop events this server received, for drift statistics: a ring of at most
/// <see cref="InferenceOptions.MaxBufferedEvents"/> events taking at most <see cref="InferenceOptions.MaxBufferedEventBytes"/>
/// of memory, which drops the oldest when either bound is reached — so memory stays bounded however much traffic
/// arrives and however long its ids are.
/// </summary>
public sealed class EventBuffer(IOptions<InferenceOptions> options)
{
    private readonly Lock _gate = new();
    private readonly ShopEvent[] _ring = new ShopEvent[options.Value.MaxBufferedEvents];
    private readonly long _maxBytes = options.Value.MaxBufferedEventBytes;
    private int _start;
    private int _count;
    private long _bytes;
    private long _dropped;

    public int Capacity => _ring.Length;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The estimated memory the buffered events take, in bytes.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Events pushed out by newer ones since the server started.</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    /// <summary>
    /// What one event holds on the heap: the record (header, two references, type, time) and its two strings
    /// (header, length, UTF-16 characters). An estimate of the runtime's layout, close enough to bound memory.
    /// </summary>
    public static long SizeOf(ShopEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        const int record = 48;
        const int stringOverhead = 22;
        return record + (2 * stringOverhead) + (2L * (e.CustomerId.Length + e.ProductId.Length));
    }

    public void AddRange(IEnumerable<ShopEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            foreach (var e in events)
            {
                if (_count == _ring.Length)
                {
                    DropOldest();
                }

                _ring[(_start + _count) % _ring.Length] = e;
                _count++;
                _bytes += SizeOf(e);
                while (_bytes > _maxBytes && _count > 0)
                {
                    DropOldest();
                }
            }
        }
    }

    /// <summary>The buffered events, oldest first.</summary>
    public IReadOnlyList<ShopEvent> Snapshot()
    {
        lock (_gate)
        {
            var copy = new ShopEvent[_count];
            for (var i = 0; i < _count; i++)
            {
                copy[i] = _ring[(_start + i) % _ring.Length];
            }

            return copy;
        }
    }

    private void DropOldest()
    {
        _bytes -= SizeOf(_ring[_start]);
        _ring[_start] = null!;
        _start = (_start + 1) % _ring.Length;
        _count--;
        _dropped++;
    }
}
