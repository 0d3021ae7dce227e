using System.Net;
using System.Threading.RateLimiting;
using EcommerceMl.Inference.Hosting;
using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>The per-client token bucket (GCRA) and concurrency limit, on a fake clock (Hosting/PerClientLimiter).</summary>
public sealed class PerClientLimiterTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Bob = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void Bucket_LetsABurstThrough_ThenOneRequestPerRefill_AndSaysWhenToComeBack()
    {
        var time = new FakeTimeProvider();
        using var limiter = Limiter(time, perSecond: 2, burst: 3, atOnce: 0);

        var burst = Enumerable.Range(0, 3).Select(_ => Acquire(limiter, Alice).IsAcquired).ToList();
        using var refused = Acquire(limiter, Alice);
        time.Advance(TimeSpan.FromMilliseconds(499));
        var early = Acquire(limiter, Alice).IsAcquired;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var refilled = Acquire(limiter, Alice).IsAcquired;

        Assert.Equal([true, true, true], burst);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);
        Assert.False(early);
        Assert.True(refilled);
        Assert.True(Acquire(limiter, Bob).IsAcquired);
    }

    [Fact]
    public void Bucket_RefillsOnlyUpToTheBurst()
    {
        var time = new FakeTimeProvider();
        using var limiter = Limiter(time, perSecond: 10, burst: 2, atOnce: 0);
        time.Advance(TimeSpan.FromHours(1));

        var afterAnHour = Enumerable.Range(0, 3).Select(_ => Acquire(limiter, Alice).IsAcquired).ToList();

        Assert.Equal([true, true, false], afterAnHour);
    }

    [Fact]
    public void Concurrency_IsReleasedOnceByADisposedLease_AndARefusalTakesNoToken()
    {
        var time = new FakeTimeProvider();
        using var limiter = Limiter(time, perSecond: 1, burst: 2, atOnce: 1);

        var first = Acquire(limiter, Alice);
        var second = Acquire(limiter, Alice); // refused by concurrency: must not spend the bucket's second token
        first.Dispose();
        first.Dispose(); // twice: must not free a second place
        using var third = Acquire(limiter, Alice);
        using var fourth = Acquire(limiter, Alice);

        Assert.True(first.IsAcquired);
        Assert.False(second.IsAcquired);
        Assert.False(second.TryGetMetadata(MetadataName.RetryAfter, out _));
        Assert.True(third.IsAcquired);
        Assert.False(fourth.IsAcquired);
    }

    [Fact]
    public void ProbesAndScrapes_AreNeverLimited()
    {
        using var limiter = Limiter(new FakeTimeProvider(), perSecond: 1, burst: 1, atOnce: 1);
        using var held = Acquire(limiter, Alice);

        Assert.All(new[] { "/healthz", "/readyz", "/metrics", "/v2/health/ready" }, path => Assert.True(Acquire(limiter, Alice, path).IsAcquired));
    }

    [Fact]
    public void IdleClients_AreForgotten_BusyOnesKept()
    {
        var time = new FakeTimeProvider();
        using var limiter = Limiter(time, perSecond: 100, burst: 10, atOnce: 5);
        Acquire(limiter, Alice).Dispose();
        using var bobInProgress = Acquire(limiter, Bob);

        time.Advance(PerClientLimiter.IdlePeriod);

        Assert.Equal(1, limiter.ClientCount);
    }

    [Fact]
    public void BothLimitsOff_IsDisabled()
    {
        using var limiter = Limiter(new FakeTimeProvider(), perSecond: 0, burst: 1, atOnce: 0);

        Assert.False(limiter.IsEnabled);
    }

    private static PerClientLimiter Limiter(TimeProvider time, int perSecond, int burst, int atOnce) =>
        new(Microsoft.Extensions.Options.Options.Create(new InferenceOptions
        {
            RateLimitPerSecond = perSecond,
            RateLimitBurst = burst,
            MaxConcurrentRequestsPerClient = atOnce,
        }), time);

    private static RateLimitLease Acquire(PerClientLimiter limiter, IPAddress client, string path = "/v1/models")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = client;
        context.Request.Path = path;
        return limiter.AttemptAcquire(context);
    }
}
