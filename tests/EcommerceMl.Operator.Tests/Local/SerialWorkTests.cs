using EcommerceMl.Operator.Local;

namespace EcommerceMl.Operator.Tests.Local;

public sealed class SerialWorkTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Work_RunsOneAtATime_InTheOrderPosted_AndOneThatThrowsDoesNotStopTheRest()
    {
        var failures = new List<Exception>();
        var work = new SerialWork(failures.Add);
        var ran = new List<int>();
        var running = 0;
        var mostRunning = 0;
        foreach (var i in Enumerable.Range(0, 20))
        {
            work.Post(async () =>
            {
                mostRunning = Math.Max(mostRunning, Interlocked.Increment(ref running));
                await Task.Yield();
                ran.Add(i);
                Interlocked.Decrement(ref running);
                if (i == 3)
                {
                    throw new InvalidOperationException("item 3");
                }
            });
        }

        await work.StopAsync(() => []).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 20), ran);
        Assert.Equal(1, mostRunning);
        Assert.Equal("item 3", Assert.Single(failures).Message);
    }

    [Fact]
    public async Task Stop_WhenOneOfTheLastWorksThrows_RunsTheOthers_AndEnds()
    {
        var failures = new List<Exception>();
        var work = new SerialWork(failures.Add);
        var stopped = new List<string>();

        await work.StopAsync(() =>
        [
            () => throw new TimeoutException("podman stop did not finish"),
            () =>
            {
                stopped.Add("second");
                return Task.CompletedTask;
            },
        ]).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(["second"], stopped);
        Assert.IsType<TimeoutException>(Assert.Single(failures));
    }

    [Fact]
    public async Task Stop_WhenListingTheLastWorkThrows_StillEnds()
    {
        var failures = new List<Exception>();
        var work = new SerialWork(failures.Add);

        await work.StopAsync(() => throw new InvalidOperationException("state")).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Single(failures);
    }
}
