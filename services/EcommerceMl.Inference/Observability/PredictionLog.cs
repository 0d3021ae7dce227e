using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Observability;

/// <summary>
/// The audit trail of predictions: one in <see cref="InferenceOptions.PredictionLogEvery"/> is logged with its
/// request id, endpoint, model, version and latency, under its own category
/// (<c>EcommerceMl.Inference.PredictionLog</c>) so it can be routed apart from the server's log. Sampling is a
/// counter, not a random draw: the same traffic logs the same requests, and the cost is one interlocked add.
/// </summary>
public sealed class PredictionLog(IOptions<InferenceOptions> options, ILoggerFactory loggers)
{
    public const string Category = "EcommerceMl.Inference.PredictionLog";

    /// <summary>Header a caller (or a gateway) can set to correlate its own request id; the trace id otherwise.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    private readonly int _every = options.Value.PredictionLogEvery;
    private readonly ILogger _logger = loggers.CreateLogger(Category);
    private long _seen;

    public void Record(HttpContext context, ModelEntry entry, string endpoint, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entry);
        if (_every == 0 || Interlocked.Increment(ref _seen) % _every != 0 || !_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var requestId = context.Request.Headers[RequestIdHeader].FirstOrDefault() is { Length: > 0 and <= 128 } given ? given : context.TraceIdentifier;
        Log.Prediction(_logger, requestId, endpoint, entry.Name, entry.Version ?? "", elapsed.TotalMilliseconds);
    }
}
