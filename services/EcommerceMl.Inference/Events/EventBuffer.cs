using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Data;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Events;

/// <summary>
/// The most recent shop events this server received, for drift statistics: a ring of
/// <see cref="InferenceOptions.MaxBufferedEvents"/> that drops the oldest when full, so memory stays bounded
/// however much traffic arrives.
/// </summary>
public sealed class EventBuffer(IOptions<InferenceOptions> options)
{
    private readonly Lock _gate = new();
    private readonly ShopEvent[] _ring = new ShopEvent[options.Value.MaxBufferedEvents];
    private long _total;

    public int Capacity => _ring.Length;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return (int)Math.Min(_total, _ring.Length);
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
                return Math.Max(0, _total - _ring.Length);
            }
        }
    }

    public void AddRange(IEnumerable<ShopEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            foreach (var e in events)
            {
                _ring[_total % _ring.Length] = e;
                _total++;
            }
        }
    }

    /// <summary>The buffered events, oldest first.</summary>
    public IReadOnlyList<ShopEvent> Snapshot()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_total, _ring.Length);
            var start = _total - count;
            return [.. Enumerable.Range(0, count).Select(i => _ring[(start + i) % _ring.Length])];
        }
    }
}
