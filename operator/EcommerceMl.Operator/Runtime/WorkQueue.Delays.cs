namespace EcommerceMl.Operator.Runtime;

/// <summary>The queue's delays: a later look asked for by a reconcile, and per-key exponential backoff after failures.</summary>
internal sealed partial class WorkQueue
{
    /// <summary>Keys waiting for a delay (a backoff or a requested later look) to pass.</summary>
    public int Delayed
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Adds the key once <paramref name="delay"/> has passed.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }

            ITimer? timer = null;
            timer = time.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    _timers.Remove(timer!);
                }

                timer!.Dispose();
                Add(key);
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds the key after base × 2^(failures so far), capped at the maximum: how a failed reconcile is retried.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            delay = TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(failures, 40))));
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Forgets the key's failures: the next failure waits the base delay again.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }
}
