using System.Threading.Channels;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Runtime;

public sealed class ControllerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new();

    private Controller Create(Func<string, string, CancellationToken, Task<ReconcileResult>> reconcile) =>
        new("test", reconcile, new WorkQueue(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)), workers: 2, NoMetrics.Instance, NullLogger.Instance);

    [Fact]
    public async Task Aborting_CancelsTheReconcileInFlightAtOnce_WhereStoppingLetsItFinish()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var controller = Create(async (_, _, ct) =>
        {
            started.TrySetResult();
            try
            {
                // A reconcile waiting on the API server (before: CancellationToken.None, up to the client's 100 s).
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                sawCancellation.TrySetResult(true);
                throw;
            }

            return ReconcileResult.Done;
        });
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token, abort.Token);

        controller.Enqueue("shop", "tj1");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await abort.CancelAsync();
        var cancelled = await sawCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(cancelled);
        Assert.Equal(0, controller.Queue.Delayed);
    }

    [Fact]
    public async Task AConflict_IsLookedAtAgain_FromAFreshRead()
    {
        var calls = Channel.CreateUnbounded<string>();
        var conflicts = 1;
        var controller = Create(async (ns, name, _) =>
        {
            await calls.Writer.WriteAsync($"{ns}/{name}", Ct);
            return Interlocked.Decrement(ref conflicts) >= 0 ? throw new ClusterConflictException("the object has been modified") : ReconcileResult.Done;
        });
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);

        controller.Enqueue("shop", "md1");
        await calls.Reader.ReadAsync(Ct);
        await PollAsync(() => controller.Queue.Delayed == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        var again = await calls.Reader.ReadAsync(Ct);
        await stop.CancelAsync();
        await running;

        Assert.Equal("shop/md1", again);
    }

    [Fact]
    public async Task AFailedReconcile_IsRetriedAfterTheBackoff_WithTheSameKey()
    {
        var calls = Channel.CreateUnbounded<string>();
        var failures = 1;
        var controller = Create(async (ns, name, _) =>
        {
            await calls.Writer.WriteAsync($"{ns}/{name}", Ct);
            return Interlocked.Decrement(ref failures) >= 0 ? throw new InvalidOperationException("API down") : ReconcileResult.Done;
        });
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);

        controller.Enqueue("shop", "tj1");
        var first = await calls.Reader.ReadAsync(Ct);
        await PollAsync(() => controller.Queue.Delayed == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        var retried = await calls.Reader.ReadAsync(Ct);
        await stop.CancelAsync();
        await running;

        Assert.Equal(("shop/tj1", "shop/tj1"), (first, retried));
    }

    [Fact]
    public async Task AReconcileAskingToLookAgain_IsCalledAgainAfterItsDelay_NotBefore()
    {
        var calls = Channel.CreateUnbounded<string>();
        var controller = Create(async (ns, name, _) =>
        {
            await calls.Writer.WriteAsync($"{ns}/{name}", Ct);
            return ReconcileResult.After(TimeSpan.FromSeconds(30));
        });
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);

        controller.Enqueue("shop", "tj1");
        await calls.Reader.ReadAsync(Ct);
        await PollAsync(() => controller.Queue.Delayed == 1);
        _time.Advance(TimeSpan.FromSeconds(29));
        var early = calls.Reader.TryRead(out _);
        _time.Advance(TimeSpan.FromSeconds(1));
        var again = await calls.Reader.ReadAsync(Ct);
        await stop.CancelAsync();
        await running;

        Assert.False(early);
        Assert.Equal("shop/tj1", again);
    }

    [Fact]
    public async Task Stopping_LetsTheReconcileInFlightFinish_AndTakesNoNewKeys()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = 0;
        var controller = Create(async (_, _, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(Ct);
            Interlocked.Increment(ref finished);
            return ReconcileResult.Done;
        });
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);
        controller.Enqueue("shop", "tj1");
        await started.Task.WaitAsync(Ct);

        await stop.CancelAsync();
        controller.Enqueue("shop", "tj2");
        Assert.False(running.IsCompleted);
        release.SetResult();
        await running.WaitAsync(Ct);

        Assert.Equal(1, finished);
    }

    private static async Task PollAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5, Ct);
        }
    }
}
