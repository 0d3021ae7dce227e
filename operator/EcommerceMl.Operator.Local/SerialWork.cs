using System.Threading.Channels;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// The single reader behind each local runner: work posted from any thread (cluster changes,
/// process exits, timers) runs one item at a time, in order, so a runner's state needs no lock.
/// Work that throws is handed to <c>failed</c> and the loop goes on: one object's trouble must not
/// stop the others, and the next change or timer tries again.
/// </summary>
internal sealed class SerialWork
{
    private readonly Channel<Func<Task>> _inbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<Exception> _failed;
    private readonly Task _loop;

    public SerialWork(Action<Exception> failed)
    {
        _failed = failed;
        _loop = Task.Run(LoopAsync);
    }

    public void Post(Func<Task> work) => _inbox.Writer.TryWrite(work);

    /// <summary>Posts <paramref name="work"/> once <paramref name="delay"/> has passed (at once when it already has).</summary>
    public ITimer After(TimeProvider time, TimeSpan delay, Func<Task> work) =>
        time.CreateTimer(_ => Post(work), null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Runs each work <paramref name="last"/> lists (read in the loop, so from the runner's own state) after everything
    /// posted so far, then ends the loop. One that throws goes to <c>failed</c> and the others still run: one process
    /// that will not stop must not leave the rest running, nor keep the stop waiting for ever.
    /// </summary>
    public async Task StopAsync(Func<IEnumerable<Func<Task>>> last)
    {
        // Continuations run elsewhere: the caller awaits the loop, which must not be waiting for itself.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(async () =>
        {
            try
            {
                foreach (var work in last())
                {
                    await RunAsync(work).ConfigureAwait(false);
                }
            }
            finally
            {
                done.SetResult();
            }
        });
        await done.Task.ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        await foreach (var work in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await RunAsync(work).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One object's trouble must not stop the others: logged, and the next change or timer tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _failed(e);
        }
    }
}
