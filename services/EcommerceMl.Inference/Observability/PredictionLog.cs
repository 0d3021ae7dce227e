using System.Threading.Channels;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Observability;

/// <summary>
/// The audit trail of predictions: one in <see cref="InferenceOptions.PredictionLogEvery"/> is logged with its
/// request id, endpoint, model, version and latency, under its own category
/// (<c>EcommerceMl.Inference.PredictionLog</c>) so it can be routed apart from the server's log. Sampling is a
/// counter, not a random draw: the same traffic logs the same requests, and the cost is one interlocked add.
/// The request thread only captures the fields; a background reader formats and logs them, in order, through a
/// bounded queue: when it is full the line is dropped and counted (<see cref="Dropped"/>), never waited for.
/// </summary>
public sealed class PredictionLog : IDisposable
{
    public const string Category = "EcommerceMl.Inference.PredictionLog";

    /// <summary>Header a caller (or a gateway) can set to correlate its own request id; the trace id otherwise.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    private const int QueueCapacity = 4096;

    private readonly int _every;
    private readonly ILogger _logger;
    private readonly Channel<Line> _queue = Channel.CreateBounded<Line>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Task _drained;
    private long _seen;
    private long _dropped;

    public PredictionLog(IOptions<InferenceOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _every = options.Value.PredictionLogEvery;
        _logger = loggers.CreateLogger(Category);
        _drained = _every == 0 ? Task.CompletedTask : Task.Run(DrainAsync);
    }

    /// <summary>Sampled lines not logged because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);


    public void Record(HttpContext context, ModelEntry entry, string endpoint, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entry);
        if (_every == 0 || Interlocked.Increment(ref _seen) % _every != 0 || !_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var requestId = context.Request.Headers[RequestIdHeader].FirstOrDefault() is { Length: > 0 and <= 128 } given ? given : context.TraceIdentifier;
        if (!_queue.Writer.TryWrite(new Line(requestId, endpoint, entry.Name, entry.Version ?? "", elapsed.TotalMilliseconds)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Closes the queue and gives the reader a moment to log what is left, so a stopping server keeps its last lines.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _drained.Wait(TimeSpan.FromSeconds(2));
    }

    private async Task DrainAsync()
    {
        await foreach (var line in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Log.Prediction(_logger, line.RequestId, line.Endpoint, line.Model, line.Version, line.LatencyMs);
        }
    }

    private readonly record struct Line(string RequestId, string Endpoint, string Model, string Version, double LatencyMs);
}
