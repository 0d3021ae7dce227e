using EcommerceMl.Operator.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Runtime;

public sealed class WorkQueueTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue _queue;

    public WorkQueueTests() => _queue = new WorkQueue(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Add_OfAQueuedKey_Coalesces()
    {
        _queue.Add("shop/a");
        _queue.Add("shop/b");
        _queue.Add("shop/a");

        Assert.Equal(2, _queue.Count);
        Assert.Equal("shop/a", await _queue.GetAsync(Ct));
        Assert.Equal("shop/b", await _queue.GetAsync(Ct));
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task Add_WhileTheKeyIsProcessed_HandsItOutAgainOnlyAfterDone()
    {
        _queue.Add("shop/a");
        var key = await _queue.GetAsync(Ct);

        _queue.Add("shop/a");
        _queue.Add("shop/a");
        Assert.Equal(0, _queue.Count);
        _queue.Done(key!);

        Assert.Equal(1, _queue.Count);
        Assert.Equal("shop/a", await _queue.GetAsync(Ct));
    }

    [Fact]
    public void AddRateLimited_DoublesTheDelayPerFailure_UpToTheCap_AndForgetResetsIt()
    {
        var delays = Enumerable.Range(0, 6).Select(_ => _queue.AddRateLimited("shop/a")).ToList();
        _queue.Forget("shop/a");

        Assert.Equal([1, 2, 4, 8, 10, 10], delays.Select(d => d.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(1), _queue.AddRateLimited("shop/a"));
    }

    [Fact]
    public void AddRateLimited_AddsTheKeyOnlyWhenTheDelayHasPassed()
    {
        _queue.AddRateLimited("shop/a");
        _queue.AddRateLimited("shop/a");

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public async Task ShutDown_ReleasesWaitingWorkers_AndDropsLaterWork()
    {
        var waiting = _queue.GetAsync(Ct);

        _queue.ShutDown();
        _queue.Add("shop/a");

        Assert.Null(await waiting);
        Assert.Null(await _queue.GetAsync(Ct));
        Assert.Equal(0, _queue.Count);
    }
}
