namespace EcommerceMl.Inference.Observability;

/// <summary>Every log line of the inference server, source-generated so the request path pays no formatting cost when a level is off.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Loaded model {Model} version {Version} ({Task}, {Algorithm}) on attempt {Attempt}")]
    public static partial void ModelLoaded(ILogger logger, string model, string version, string task, string algorithm, int attempt);

    [LoggerMessage(2, LogLevel.Error, "Model {Model} version {Version} failed to load and will not be served: {Error}")]
    public static partial void ModelLoadFailed(ILogger logger, string model, string version, string error);

    [LoggerMessage(3, LogLevel.Warning, "Model {Model} not loaded on attempt {Attempt} ({Error}); retrying in {Delay}")]
    public static partial void ModelLoadRetry(ILogger logger, string model, int attempt, string error, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Warning, "Model store {Store} not ready ({Problem}); retrying in {Delay}")]
    public static partial void StoreNotReady(ILogger logger, string store, string problem, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Error, "No model store is configured; the server will stay not ready")]
    public static partial void NoModelStore(ILogger logger);

    [LoggerMessage(6, LogLevel.Information, "Hot-swapped model {Model} from version {OldVersion} to {Version}")]
    public static partial void ModelSwapped(ILogger logger, string model, string oldVersion, string version);

    [LoggerMessage(8, LogLevel.Warning, "Looking for a newer version of {Model} failed; will try again: {Error}")]
    public static partial void RefreshFailed(ILogger logger, string model, string error);

    [LoggerMessage(10, LogLevel.Debug, "Recommended {Count} products to {CustomerId} with {Model} {Version} (fallback {Fallback})")]
    public static partial void Recommended(ILogger logger, string customerId, string model, string version, int count, string? fallback);

    [LoggerMessage(11, LogLevel.Debug, "Listed {Count} products similar to {ProductId} with {Model} {Version}")]
    public static partial void SimilarListed(ILogger logger, string productId, string model, string version, int count);

    [LoggerMessage(12, LogLevel.Debug, "Forecast {Horizon} days of {Scope} with {Model} {Version}")]
    public static partial void Forecasted(ILogger logger, string scope, int horizon, string model, string version);

    [LoggerMessage(13, LogLevel.Debug, "Churn {Probability:0.000} ({Risk}) for {CustomerId} with {Model} {Version}")]
    public static partial void ChurnPredicted(ILogger logger, string? customerId, double probability, string risk, string model, string version);

    [LoggerMessage(14, LogLevel.Error, "Batch item {Index} of {Path} failed in the model")]
    public static partial void BatchItemFailed(ILogger logger, Exception exception, string path, int index);

    [LoggerMessage(15, LogLevel.Information, "Prediction {RequestId} {Endpoint} model {Model} version {Version} took {LatencyMs:0.000} ms")]
    public static partial void Prediction(ILogger logger, string requestId, string endpoint, string model, string version, double latencyMs);

    [LoggerMessage(16, LogLevel.Warning, "Could not append events to {Directory}; the batch is dropped: {Error}")]
    public static partial void EventLogFailed(ILogger logger, string directory, string error);

    [LoggerMessage(40, LogLevel.Warning, "Could not write events to {Location} ({What}): {Error}; they stay pending and are retried")]
    public static partial void EventSinkFailed(ILogger logger, string location, string what, string error);

    [LoggerMessage(41, LogLevel.Error, "Stopping with {Count} events not written to {Location}: they are lost")]
    public static partial void EventSinkLostOnStop(ILogger logger, long count, string location);

    [LoggerMessage(42, LogLevel.Information, "Deleted event partition dt={Day} of {Location}: older than the retention")]
    public static partial void EventPartitionExpired(ILogger logger, string day, string location);

    [LoggerMessage(20, LogLevel.Information, "Refused request to {Path}: {Status} {Detail}")]
    public static partial void RequestRefused(ILogger logger, string path, int status, string detail);

    [LoggerMessage(21, LogLevel.Error, "Unhandled exception on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
}
