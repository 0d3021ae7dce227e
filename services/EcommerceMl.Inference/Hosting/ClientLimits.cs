using System.Net;
using System.Threading.RateLimiting;
using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Hosting;

/// <summary>
/// Per-client rate and concurrency limits (ASP.NET Core's rate limiter, partitioned by the client's IP address) and a
/// time limit per request that takes a body (ASP.NET Core's request timeouts), from <see cref="InferenceOptions"/>. One busy client is
/// answered 429 before it can starve the others; probes and scrapes are never limited.
/// </summary>
/// <remarks>
/// Cheap on the request path: the partition key is a struct around the connection's own <see cref="IPAddress"/> (no string built), the
/// partition's factory is made once, and a token bucket hands out a shared lease; the concurrency limiter's lease is
/// the only allocation.
/// </remarks>
internal static class ClientLimits
{
    public static IServiceCollection AddEcmlClientLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<InferenceOptions>>((limiter, inference) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = GlobalLimiter(inference.Value);
            limiter.OnRejected = static (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                // The body comes from BodilessErrorMiddleware (problem+json, {"error"} on the protocol paths), worded by StatusDetails.
                return ValueTask.CompletedTask;
            };
        });

        services.AddRequestTimeouts(_ => { });
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<InferenceOptions>>((timeouts, inference) =>
        {
            if (inference.Value.RequestTimeout > TimeSpan.Zero)
            {
                timeouts.AddPolicy(TimeoutPolicy, new RequestTimeoutPolicy
                {
                    Timeout = inference.Value.RequestTimeout,
                    TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                });
            }
        });
        return services;
    }

    /// <summary>After routing and the HTTP metrics, so refusals are counted with their endpoint.</summary>
    public static IApplicationBuilder UseEcmlClientLimits(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<InferenceOptions>>().Value;
        if (options.RateLimitPerSecond > 0 || options.MaxConcurrentRequestsPerClient > 0)
        {
            app.UseRateLimiter();
        }

        if (options.RequestTimeout > TimeSpan.Zero)
        {
            app.UseRequestTimeouts();
        }

        return app;
    }

    /// <summary>The request timeout's policy, on the endpoints that take a body (<see cref="WithBodyTimeout"/>).</summary>
    public const string TimeoutPolicy = "ecml-request";

    /// <summary>
    /// Gives the group's POST endpoints the request timeout. They are what waits on a client (its body) and on
    /// asynchronous work; the GET handlers take no body and answer synchronously, where cancelling
    /// <c>RequestAborted</c> would change nothing but cost a linked cancellation source per request (Kestrel's own
    /// <c>RequestHeadersTimeout</c> already bounds a client slow to send its headers).
    /// </summary>
    public static TBuilder WithBodyTimeout<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<HttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase)))
            {
                endpoint.Metadata.Add(new RequestTimeoutAttribute(TimeoutPolicy));
            }
        });
        return builder;
    }

    /// <summary>Paths a probe or a scraper calls; limiting them would turn a busy client into a failed pod.</summary>
    public static bool IsUnlimited(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments("/v2/health");

    internal static PartitionedRateLimiter<HttpContext>? GlobalLimiter(InferenceOptions options)
    {
        var limiters = new List<PartitionedRateLimiter<HttpContext>>(2);
        if (options.RateLimitPerSecond > 0)
        {
            // Refilled every 100 ms (the partitioned limiter's own timer), so a client's rate is smooth within a second.
            var perTick = Math.Max(1, (int)Math.Ceiling(options.RateLimitPerSecond / 10.0));
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(options.RateLimitBurst, perTick),
                TokensPerPeriod = perTick,
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            limiters.Add(PerClient(_ => new TokenBucketRateLimiter(bucket)));
        }

        if (options.MaxConcurrentRequestsPerClient > 0)
        {
            var concurrency = new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentRequestsPerClient, QueueLimit = 0 };
            limiters.Add(PerClient(_ => new ConcurrencyLimiter(concurrency)));
        }

        return limiters.Count switch
        {
            0 => null,
            1 => limiters[0],
            _ => PartitionedRateLimiter.CreateChained([.. limiters]),
        };
    }

    /// <summary>One limiter per client IP address, made by <paramref name="factory"/> on the client's first request.</summary>
    private static PartitionedRateLimiter<HttpContext> PerClient(Func<Client, RateLimiter> factory) =>
        PartitionedRateLimiter.Create<HttpContext, Client>(context =>
            IsUnlimited(context.Request.Path)
                ? RateLimitPartition.GetNoLimiter(Client.Unlimited)
                : RateLimitPartition.Get(new Client(context.Connection.RemoteIpAddress, false), factory));

    /// <summary>A partition: the client's address (null when the server does not know it), or the one for unlimited paths.</summary>
    internal readonly record struct Client(IPAddress? Address, bool IsUnlimited)
    {
        public static readonly Client Unlimited = new(null, true);
    }
}
