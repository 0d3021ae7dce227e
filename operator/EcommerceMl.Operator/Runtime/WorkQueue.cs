namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// The controller's work queue, after client-go's: keys are "namespace/name"; a key added while
/// queued is queued once (duplicates coalesce); a key added while being processed is handed out
/// again only after <see cref="Done"/> (never two workers on one key); failures come back after
/// an exponential backoff per key, reset by <see cref="Forget"/>. Delays run on the injected
/// <see cref="TimeProvider"/>, so tests move time instead of sleeping.
/// </summary>
internal sealed partial class WorkQueue(TimeProvider time, TimeSpan baseDelay, TimeSpan maxDelay) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<ITimer> _timers = [];
    private readonly SemaphoreSlim _ready = new(0);
    private bool _shutDown;

    /// <summary>Keys waiting to be handed out (the queue depth metric).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_shutDown || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
        }

        _ready.Release();
    }

    /// <summary>The next key, marked as being processed; null once the queue is shut down.</summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            lock (_gate)
            {
                if (_shutDown)
                {
                    return null;
                }

                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    /// <summary>Processing of the key ended; if it was added meanwhile, it is queued again now.</summary>
    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_shutDown || !_dirty.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
        }

        _ready.Release();
    }

    /// <summary>Stops handing out keys: waiting and later <see cref="GetAsync"/> calls return null.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }

            _shutDown = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }

        _ready.Release(int.MaxValue / 2);
    }

    public void Dispose()
    {
        ShutDown();
        _ready.Dispose();
    }
}
