using System.Diagnostics;
using System.Net;
using EcommerceMl.Inference.Hosting;
using EcommerceMl.Inference.Options;

// What the per-client limits add to one request, measured in a loop on this thread rather than through wrk: on a busy
// machine a loop's fastest rounds still show the work itself, where a server's requests/s swing by tens of percent.
//   dotnet run -c Release --project bench/inference/LimitsCost [iterations]
// For each: the fastest of ROUNDS rounds in ns per request, and bytes allocated per request.
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000;
const int Rounds = 7;

var options = new InferenceOptions { RateLimitPerSecond = 10_000_000, RateLimitBurst = 10_000_000 };
using var limiter = ClientLimits.GlobalLimiter(options)!;
var context = new DefaultHttpContext();
context.Connection.RemoteIpAddress = IPAddress.Loopback;
context.Request.Path = "/v1/recommendations/C00013";
using var aborted = new CancellationTokenSource();
var timeout = options.RequestTimeout;

Measure("rate + concurrency limiter: acquire and release a lease", () =>
{
    using var lease = limiter.AttemptAcquire(context);
    if (!lease.IsAcquired)
    {
        throw new InvalidOperationException("refused");
    }
});

using var rateOnly = ClientLimits.GlobalLimiter(new InferenceOptions { RateLimitPerSecond = 10_000_000, RateLimitBurst = 10_000_000, MaxConcurrentRequestsPerClient = 0 })!;
Measure("  of which the rate limiter alone", () => rateOnly.AttemptAcquire(context).Dispose());
using var concurrencyOnly = ClientLimits.GlobalLimiter(new InferenceOptions { RateLimitPerSecond = 0 })!;
Measure("  of which the concurrency limiter alone", () => concurrencyOnly.AttemptAcquire(context).Dispose());

// What RequestTimeoutsMiddleware does per request: a source linked to RequestAborted, cancelled after the timeout.
Measure("request timeout: linked cancellation source with CancelAfter", () =>
{
    using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted.Token);
    linked.CancelAfter(timeout);
});

void Measure(string name, Action request)
{
    for (var i = 0; i < 100_000; i++)
    {
        request(); // warm-up: JIT tiers
    }

    var best = double.MaxValue;
    long bytes = 0;
    for (var round = 0; round < Rounds; round++)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            request();
        }

        best = Math.Min(best, clock.Elapsed.TotalNanoseconds / iterations);
        bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations;
    }

    Console.WriteLine($"{name}: {best:F0} ns, {bytes} B per request");
}
