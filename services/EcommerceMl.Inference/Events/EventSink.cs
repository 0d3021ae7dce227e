using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Events;

/// <summary>
/// Writes accepted events to the sink in batches: a request's events wait in memory as JSON lines (at most
/// <see cref="EventSinkOptions.MaxPendingBytes"/>; past that <see cref="TryAdd"/> refuses and the client gets 503),
/// and a background loop writes them to the <see cref="IEventDestination"/> — one gzip object per batch
/// (<see cref="EventSinkLayout"/>) or one COPY into PostgreSQL — once <see cref="EventSinkOptions.FlushBytes"/> wait or
/// <see cref="EventSinkOptions.FlushInterval"/> passed. A failed
/// write keeps its batch for the next attempt, so an unreachable sink fills the buffer and turns into back-pressure,
/// never into unbounded memory. A graceful stop writes everything; a crash loses what is pending
/// (<see cref="PendingEvents"/>, <c>ecml_events_sink_pending</c>).
/// </summary>
public sealed class EventSink : BackgroundService
{
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private readonly EventSinkOptions _options;
    private readonly Lazy<IEventDestination?> _destination;
    private readonly TimeProvider _time;
    private readonly ILogger<EventSink> _logger;
    private readonly Lock _gate = new();
    // Never disposed: a host may stop this service after disposing it (WebApplicationFactory does), and a
    // SemaphoreSlim whose wait handle is never asked for holds nothing to release.
    private readonly SemaphoreSlim _flushWanted = new(0, 1);
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Queue<byte[]> _pending = new();
    private long _pendingBytes;
    private long _written;
    private long _refused;
    private long _failures;
    private DateTimeOffset _retentionDue;

    /// <param name="destination">Where batches go, given this process's writer id (for object names); null for no sink.</param>
    public EventSink(IOptions<EventSinkOptions> options, Func<string, IEventDestination?> destination, TimeProvider time, ILogger<EventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(destination);
        _options = options.Value;
        _time = time;
        _logger = logger;
        WriterId = EventSinkLayout.NewWriterId(Environment.MachineName, new Random());
        _destination = new Lazy<IEventDestination?>(() => destination(WriterId));
    }

    /// <summary>A sink writing gzip objects to <paramref name="objects"/> (null: no sink).</summary>
    public EventSink(IOptions<EventSinkOptions> options, Func<IEventObjects?> objects, TimeProvider time, ILogger<EventSink> logger)
        : this(options, writerId => objects() is { } o ? new ObjectEventDestination(o, writerId, time) : null, time, logger)
    {
    }

    /// <summary>This process's part of every object name: two servers on one sink never write the same name.</summary>
    public string WriterId { get; }

    public bool Enabled => _destination.Value is not null;

    /// <summary>Where the events go, or null without a sink.</summary>
    public string? Location => _destination.Value?.Location;

    /// <summary>The sink's objects, for readers on this server (the dashboard's actuals); null without a sink or when the sink is PostgreSQL.</summary>
    public IEventObjects? Objects => (_destination.Value as ObjectEventDestination)?.Objects;

    /// <summary>The sink's table, for readers on this server (the dashboard's actuals); null without a sink or when the sink is objects.</summary>
    public Postgres.PostgresEventTable? Table => (_destination.Value as PostgresEventDestination)?.Table;

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
        if (_destination.Value is not { } destination)
        {
            return true;
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (TakeBatch() is { Count: > 0 } batch)
            {
                try
                {
                    await destination.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failures);
                    Observability.Log.EventSinkFailed(_logger, destination.Location, $"a batch of {batch.Count} events", e.Message);
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
        if (_options.RetentionDays == 0 || now < _retentionDue || _destination.Value is not { } destination)
        {
            return;
        }

        _retentionDue = now + RetentionEvery;
        try
        {
            foreach (var day in await destination.DeleteExpiredAsync(now, _options.RetentionDays, cancellationToken).ConfigureAwait(false))
            {
                Observability.Log.EventPartitionExpired(_logger, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), destination.Location);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Observability.Log.EventSinkFailed(_logger, destination.Location, "retention", e.Message);
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
