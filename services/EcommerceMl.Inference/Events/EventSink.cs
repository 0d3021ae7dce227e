using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Events;

/// <summary>
/// Writes accepted events to the sink in batches: a request's events wait in memory as JSON lines (at most
/// <see cref="EventSinkOptions.MaxPendingBytes"/>; past that <see cref="TryAdd"/> refuses and the client gets 503),
/// and a background loop writes them as one gzip object per batch (<see cref="EventSinkLayout"/>) once
/// <see cref="EventSinkOptions.FlushBytes"/> wait or <see cref="EventSinkOptions.FlushInterval"/> passed. A failed
/// write keeps its batch for the next attempt, so an unreachable sink fills the buffer and turns into back-pressure,
/// never into unbounded memory. A graceful stop writes everything; a crash loses what is pending
/// (<see cref="PendingEvents"/>, <c>ecml_events_sink_pending</c>).
/// </summary>
public sealed class EventSink : BackgroundService
{
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private readonly EventSinkOptions _options;
    private readonly Lazy<IEventObjects?> _objects;
    private readonly TimeProvider _time;
    private readonly ILogger<EventSink> _logger;
    private readonly Lock _gate = new();
    // Never disposed: a host may stop this service after disposing it (WebApplicationFactory does), and a
    // SemaphoreSlim whose wait handle is never asked for holds nothing to release.
    private readonly SemaphoreSlim _flushWanted = new(0, 1);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Queue<byte[]> _pending = new();
    private long _pendingBytes;
    private long _sequence;
    private long _written;
    private long _refused;
    private long _failures;
    private DateTimeOffset _retentionDue;

    public EventSink(IOptions<EventSinkOptions> options, Func<IEventObjects?> objects, TimeProvider time, ILogger<EventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _objects = new Lazy<IEventObjects?>(objects);
        _time = time;
        _logger = logger;
        WriterId = EventSinkLayout.NewWriterId(Environment.MachineName, new Random());
    }

    /// <summary>This process's part of every object name: two servers on one sink never write the same name.</summary>
    public string WriterId { get; }

    public bool Enabled => _objects.Value is not null;

    /// <summary>Where the events go, or null without a sink.</summary>
    public string? Location => _objects.Value?.Location;

    /// <summary>The sink's objects, for readers on this server (the dashboard's actuals); null without a sink.</summary>
    public IEventObjects? Objects => _objects.Value;

    /// <summary>Events accepted but not yet written: what a crash now would lose.</summary>
    public long PendingEvents
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    public long WrittenEvents => Interlocked.Read(ref _written);

    /// <summary>Events refused with 503 because the buffer was full.</summary>
    public long RefusedEvents => Interlocked.Read(ref _refused);

    public long FlushFailures => Interlocked.Read(ref _failures);

    /// <summary>How long a refused client should wait: one flush interval, at least a second.</summary>
    public TimeSpan RetryAfter => _options.FlushInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _options.FlushInterval;

    /// <summary>Queues a request's events (all or none). False when they do not fit: the caller answers 503.</summary>
    public bool TryAdd(IReadOnlyList<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (!Enabled || lines.Count == 0)
        {
            return true;
        }

        var bytes = lines.Sum(l => (long)l.Length);
        bool flush;
        lock (_gate)
        {
            if (_pendingBytes + bytes > _options.MaxPendingBytes)
            {
                _refused += lines.Count;
                return false;
            }

            foreach (var line in lines)
            {
                _pending.Enqueue(line);
            }

            _pendingBytes += bytes;
            flush = _pendingBytes >= _options.FlushBytes;
        }

        if (flush && _flushWanted.CurrentCount == 0)
        {
            try
            {
                _flushWanted.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another request asked first.
            }
        }

        return true;
    }

    /// <summary>Writes what is pending, batch by batch; a failed batch stays pending. True when nothing is left.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (_objects.Value is not { } objects)
        {
            return true;
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (TakeBatch() is { Count: > 0 } batch)
            {
                // A new name per attempt: a write that failed after S3 stored it must not be replaced by a different batch.
                var path = EventSinkLayout.ObjectPath(_time.GetUtcNow(), WriterId, _sequence++);
                try
                {
                    await objects.PutAsync(path, EventSinkReader.Encode(batch), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failures);
                    Observability.Log.EventSinkFailed(_logger, objects.Location, path, e.Message);
                    return false;
                }

                Remove(batch);
            }

            return true;
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        _retentionDue = _time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _flushWanted.WaitAsync(_options.FlushInterval, stoppingToken).ConfigureAwait(false);
                await FlushAsync(stoppingToken).ConfigureAwait(false);
                await ApplyRetentionAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    /// <summary>A graceful stop: the loop ends, then everything pending is written (within the host's shutdown time).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Enabled && !await FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            Observability.Log.EventSinkLostOnStop(_logger, PendingEvents, Location ?? "");
        }
    }

    private async Task ApplyRetentionAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_options.RetentionDays == 0 || now < _retentionDue || _objects.Value is not { } objects)
        {
            return;
        }

        _retentionDue = now + RetentionEvery;
        try
        {
            foreach (var day in await EventRetention.DeleteExpiredAsync(objects, now, _options.RetentionDays, cancellationToken).ConfigureAwait(false))
            {
                Observability.Log.EventPartitionExpired(_logger, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), objects.Location);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Observability.Log.EventSinkFailed(_logger, objects.Location, EventSinkLayout.Root, e.Message);
        }
    }

    /// <summary>The oldest pending lines, up to <see cref="EventSinkOptions.FlushBytes"/> (at least one line); they stay pending until written.</summary>
    private List<byte[]> TakeBatch()
    {
        lock (_gate)
        {
            var batch = new List<byte[]>();
            long bytes = 0;
            foreach (var line in _pending)
            {
                if (batch.Count > 0 && bytes + line.Length > _options.FlushBytes)
                {
                    break;
                }

                batch.Add(line);
                bytes += line.Length;
            }

            return batch;
        }
    }

    private void Remove(List<byte[]> batch)
    {
        lock (_gate)
        {
            foreach (var line in batch)
            {
                _pending.Dequeue();
                _pendingBytes -= line.Length;
            }

            _written += batch.Count;
        }
    }
}
