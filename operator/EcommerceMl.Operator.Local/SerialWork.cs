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

    /// <summary>Runs <paramref name="last"/> after everything posted so far, then ends the loop.</summary>
    public async Task StopAsync(Func<Task> last)
    {
        // Continuations run elsewhere: the caller awaits the loop, which must not be waiting for itself.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(async () =>
        {
            await last().ConfigureAwait(false);
            done.SetResult();
        });
        await done.Task.ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        await foreach (var work in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
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
}
