using System.Diagnostics;
using EcommerceMl.Operator.Reconcilers;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// One controller: its watches feed keys ("namespace/name") into a <see cref="WorkQueue"/>, and
/// workers hand each key to the reconcile function. A reconcile that throws is retried with
/// backoff; one that asks to look again later is re-added after its delay; one that succeeds
/// resets the key's backoff. Stopping stops taking keys and lets reconciles in flight finish;
/// aborting (leadership lost: another replica may already act) cancels them at once.
/// The reconcile function never sees watch events: only the key.
/// </summary>
internal sealed partial class Controller(
    string name,
    Func<string, string, CancellationToken, Task<ReconcileResult>> reconcile,
    WorkQueue queue,
    int workers,
    IControllerMetrics metrics,
    ILogger logger)
{
    private readonly List<Func<CancellationToken, Task>> _watches = [];

    public string Name => name;

    public WorkQueue Queue => queue;

    /// <summary>Adds a watch; it enqueues through <see cref="Enqueue"/>.</summary>
    public Controller Watch(Func<CancellationToken, Task> watch)
    {
        _watches.Add(watch);
        return this;
    }

    public void Enqueue(string? ns, string? objectName)
    {
        if (!string.IsNullOrEmpty(ns) && !string.IsNullOrEmpty(objectName))
        {
            queue.Add($"{ns}/{objectName}");
            metrics.QueueDepth(name, queue.Count);
        }
    }

    /// <summary>
    /// Runs watches and workers until <paramref name="stoppingToken"/> is cancelled, then drains gracefully;
    /// <paramref name="abortToken"/> is handed to every reconcile, so cancelling it ends the ones in flight at once.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken, CancellationToken abortToken = default)
    {
        using var registration = stoppingToken.Register(queue.ShutDown);
        using var aborted = abortToken.Register(queue.ShutDown);
        var watches = _watches.Select(w => Task.Run(() => w(stoppingToken), CancellationToken.None)).ToList();
        var workerTasks = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken, abortToken), CancellationToken.None)).ToList();
        await Task.WhenAll(workerTasks).ConfigureAwait(false);
        await Task.WhenAll(watches).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken stoppingToken, CancellationToken abortToken)
    {
        while (await queue.GetAsync(stoppingToken).ConfigureAwait(false) is { } key)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var started = Stopwatch.GetTimestamp();
            try
            {
                // Stopping lets a half-done reconcile finish; only aborting (a lost Lease) cancels it, since after that
                // another leader may act on the same object and this replica's writes must not land.
                var result = await reconcile(key[..slash], key[(slash + 1)..], abortToken).ConfigureAwait(false);
                queue.Forget(key);
                if (result.RequeueAfter is { } delay)
                {
                    queue.AddAfter(key, delay);
                }

                metrics.Reconciled(name, Stopwatch.GetElapsedTime(started), failed: false);
            }
            catch (OperationCanceledException) when (abortToken.IsCancellationRequested)
            {
                // Aborted: the new leader reconciles this key; nothing to retry here.
                LogAborted(name, key);
            }
            catch (ClusterConflictException e)
            {
                // The object changed since this reconcile read it (writes carry that resourceVersion): look again, fresh.
                var delay = queue.AddRateLimited(key);
                metrics.Reconciled(name, Stopwatch.GetElapsedTime(started), failed: false);
                LogConflict(name, key, e.Message, delay);
            }
#pragma warning disable CA1031 // A failed reconcile, whatever the cause, is retried with backoff; the worker must live on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var delay = queue.AddRateLimited(key);
                metrics.Reconciled(name, Stopwatch.GetElapsedTime(started), failed: true);
                LogFailed(e, name, key, delay);
            }
            finally
            {
                queue.Done(key);
                metrics.QueueDepth(name, queue.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Controller}: reconcile of {Key} cancelled: leadership lost")]
    private partial void LogAborted(string controller, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Controller}: {Key} changed while being reconciled ({Conflict}); looking again in {Delay}")]
    private partial void LogConflict(string controller, string key, string conflict, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: reconcile of {Key} failed; retrying in {Delay}")]
    private partial void LogFailed(Exception e, string controller, string key, TimeSpan delay);
}

/// <summary>What the runtime reports for metrics (Prometheus in the executable, nothing in tests).</summary>
internal interface IControllerMetrics
{
    void Reconciled(string controller, TimeSpan duration, bool failed);

    void QueueDepth(string controller, int depth);
}

/// <summary>Metrics that go nowhere.</summary>
internal sealed class NoMetrics : IControllerMetrics
{
    public static NoMetrics Instance { get; } = new();

    public void Reconciled(string controller, TimeSpan duration, bool failed)
    {
    }

    public void QueueDepth(string controller, int depth)
    {
    }
}
