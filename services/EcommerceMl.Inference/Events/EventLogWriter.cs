using System.Text;
using System.Threading.Channels;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Events;

/// <summary>
/// Appends accepted events to CSV files in <see cref="InferenceOptions.EventLogDirectory"/>, in the shop's own
/// <c>events.csv</c> layout (so a later training run can read them), from a background task: the request only
/// offers its batch to a bounded queue and never waits for the disk. When the queue is full the batch is dropped
/// and counted (<see cref="DroppedEvents"/>) rather than slowing the request path. Files are
/// <c>events-{n:D6}.csv</c>, a new one past <see cref="InferenceOptions.EventLogMaxFileBytes"/>; beyond
/// <see cref="InferenceOptions.EventLogMaxFiles"/> the oldest is deleted, so the folder stays bounded too.
/// Without a directory configured it does nothing.
/// </summary>
public sealed class EventLogWriter : BackgroundService
{
    private readonly InferenceOptions _options;
    private readonly Channel<IReadOnlyList<ShopEvent>>? _queue;
    private readonly ILogger<EventLogWriter> _logger;
    private long _dropped;
    private long _written;

    public EventLogWriter(IOptions<InferenceOptions> options, ILogger<EventLogWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        if (!string.IsNullOrWhiteSpace(_options.EventLogDirectory))
        {
            _queue = Channel.CreateBounded<IReadOnlyList<ShopEvent>>(new BoundedChannelOptions(_options.EventLogQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once, and the batch is counted as dropped
                SingleReader = true,
            });
        }
    }

    public bool Enabled => _queue is not null;

    /// <summary>Events not written because the queue was full (the disk fell behind).</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Events appended to the files since the server started.</summary>
    public long WrittenEvents => Interlocked.Read(ref _written);

    /// <summary>Queues a batch for writing; never blocks.</summary>
    public void Offer(IReadOnlyList<ShopEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_queue is not null && !_queue.Writer.TryWrite(events))
        {
            Interlocked.Add(ref _dropped, events.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_queue is null)
        {
            return;
        }

        var directory = _options.EventLogDirectory!;
        try
        {
            await foreach (var batch in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await AppendAsync(directory, batch, stoppingToken);
                    Interlocked.Add(ref _written, batch.Count);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Interlocked.Add(ref _dropped, batch.Count);
                    Observability.Log.EventLogFailed(_logger, directory, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is lost, as it would be from the in-memory buffer.
        }
    }

    private async Task AppendAsync(string directory, IReadOnlyList<ShopEvent> batch, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = CurrentFile(directory);
        var text = new StringBuilder();
        if (!File.Exists(path))
        {
            text.AppendJoin(',', ShopCsvFormat.EventColumns).Append('\n');
        }

        foreach (var e in batch)
        {
            text.Append(ShopCsvFormat.Escape(e.CustomerId)).Append(',')
                .Append(ShopCsvFormat.Escape(e.ProductId)).Append(',')
                .Append(ShopCsvFormat.FormatEventType(e.Type)).Append(',')
                .Append(ShopCsvFormat.FormatTimestamp(e.OccurredAt)).Append('\n');
        }

        await File.AppendAllTextAsync(path, text.ToString(), cancellationToken);
    }

    /// <summary>The newest file while it is under the size limit, else a new one (deleting the oldest beyond the count limit).</summary>
    private string CurrentFile(string directory)
    {
        var files = Directory.GetFiles(directory, "events-*.csv").Order(StringComparer.Ordinal).ToList();
        if (files.Count > 0 && new FileInfo(files[^1]).Length < _options.EventLogMaxFileBytes)
        {
            return files[^1];
        }

        var next = files.Count == 0 ? 1 : ParseNumber(files[^1]) + 1;
        foreach (var old in files.Take(Math.Max(0, files.Count + 1 - _options.EventLogMaxFiles)))
        {
            File.Delete(old);
        }

        return Path.Combine(directory, $"events-{next:D6}.csv");
    }

    private static int ParseNumber(string path) =>
        int.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan("events-".Length), out var n) ? n : 0;
}
