using System.Net;
using System.Threading.RateLimiting;
using EcommerceMl.Inference.Hosting;
using EcommerceMl.Inference.Options;

/// <summary>
/// The per-client limits as they were until 2026-12-06 (ClientLimits before PerClientLimiter): the framework's
/// partitioned token bucket and concurrency limiter, chained. Kept here only to price the change.
/// </summary>
internal static class FrameworkChain
{
    public static (PartitionedRateLimiter<HttpContext> Chain, IDisposable Parts) Create(InferenceOptions options)
    {
        var perTick = Math.Max(1, (int)Math.Ceiling(options.RateLimitPerSecond / 10.0));
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(options.RateLimitBurst, perTick),
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        var concurrency = new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentRequestsPerClient, QueueLimit = 0 };
        var rate = PerClient(_ => new TokenBucketRateLimiter(bucket));
        var inFlight = PerClient(_ => new ConcurrencyLimiter(concurrency));
        return (PartitionedRateLimiter.CreateChained(rate, inFlight), new Parts(rate, inFlight));
    }

    private static PartitionedRateLimiter<HttpContext> PerClient(Func<Client, RateLimiter> factory) =>
        PartitionedRateLimiter.Create<HttpContext, Client>(context =>
            ClientLimits.IsUnlimited(context.Request.Path)
                ? RateLimitPartition.GetNoLimiter(new Client(null))
                : RateLimitPartition.Get(new Client(context.Connection.RemoteIpAddress), factory));

    private readonly record struct Client(IPAddress? Address);

    private sealed class Parts(params IDisposable[] parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }
}
