using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Hosting;

/// <summary>
/// Per-client rate and concurrency limits (a System.Threading.RateLimiting limiter partitioned by the client's IP address) and a
/// time limit per request that takes a body (<see cref="RequestTimeoutMiddleware"/>), from <see cref="InferenceOptions"/>.
/// One busy client is answered 429 before it can starve the others; probes and scrapes are never limited.
/// </summary>
/// <remarks>
/// Both limits are one lock-free <see cref="PerClientLimiter"/> asked by <see cref="ClientLimitsMiddleware"/>: the
/// framework's chained partitioned limiters and its rate-limiting middleware cost a measurable share of a request
/// (their remarks say how much).
/// </remarks>
internal static class ClientLimits
{
    public static IServiceCollection AddEcmlClientLimits(this IServiceCollection services)
    {
        // A service, so the application disposes the limiter (and the timer that forgets idle clients) when it stops.
        services.AddSingleton<PerClientLimiter>();
        return services;
    }

    /// <summary>After routing and the HTTP metrics, so refusals are counted with their endpoint.</summary>
    public static IApplicationBuilder UseEcmlClientLimits(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<InferenceOptions>>().Value;
        if (app.ApplicationServices.GetRequiredService<PerClientLimiter>().IsEnabled)
        {
            app.UseMiddleware<ClientLimitsMiddleware>();
        }

        if (options.RequestTimeout > TimeSpan.Zero)
        {
            app.UseMiddleware<RequestTimeoutMiddleware>(options.RequestTimeout);
        }

        return app;
    }

    /// <summary>
    /// The request timeout's policy name, on the endpoints that take a body (<see cref="WithBodyTimeout"/>), marked with
    /// ASP.NET Core's own <see cref="RequestTimeoutAttribute"/> (what <see cref="RequestTimeoutMiddleware"/> looks for).
    /// </summary>
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
}
