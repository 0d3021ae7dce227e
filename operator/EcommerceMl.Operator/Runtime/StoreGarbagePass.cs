using EcommerceMl.Artifacts;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// The operator's periodic <c>ecml store gc</c> (issue 15 item 6): while this replica leads, every
/// <paramref name="interval"/> it removes from the operator's store what publishes cut short left (version
/// folders without a manifest, stray temp files and claims) once older than <paramref name="olderThan"/>, and on S3 the
/// unfinished multipart uploads started a day ago (<see cref="StaleUploads"/>).
/// A failed pass is logged and tried again at the next tick; it never stops the operator.
/// </summary>
internal sealed partial class StoreGarbagePass(Func<IModelStore> openStore, TimeProvider time, ILogger logger, TimeSpan interval, TimeSpan olderThan)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>As <c>ecml store gc</c>'s default: a publish writes its files within minutes of its claim.</summary>
    public static readonly TimeSpan DefaultOlderThan = TimeSpan.FromHours(1);

    /// <summary>One pass; what it removed.</summary>
    public async Task<IReadOnlyList<StoreGarbage>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var store = openStore();
        if (store is not IStoreGarbageCollector collector)
        {
            return [];
        }

        var removed = await collector.CollectGarbageAsync(time.GetUtcNow(), olderThan, dryRun: false, cancellationToken).ConfigureAwait(false);
        foreach (var garbage in removed)
        {
            LogRemoved(store.Location, garbage.Path, garbage.What);
        }

        return removed;
    }

    /// <summary>A pass now, then one every interval until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped, or leadership ended.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store gc: removed {Path} from {Store}: {What}")]
    private partial void LogRemoved(string store, string path, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store gc pass failed; trying again at the next one")]
    private partial void LogFailed(Exception e);
}
