using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Errors;

/// <summary>
/// A message for the statuses the framework sets without one (no route, a method the route does not take, minimal
/// APIs' 415, Kestrel's 413 on a chunked body over the limit), so every error answer says what to change.
/// </summary>
internal static class StatusDetails
{
    public static string? Describe(HttpContext context, int? status)
    {
        ArgumentNullException.ThrowIfNull(context);
        return status switch
        {
            StatusCodes.Status415UnsupportedMediaType =>
                $"Content-Type '{context.Request.ContentType}' is not accepted: send the body as JSON with Content-Type: application/json.",
            StatusCodes.Status413PayloadTooLarge =>
                $"The request body is larger than the limit of {SettingsOf(context).MaxRequestBodyBytes} bytes.",
            StatusCodes.Status404NotFound when context.GetEndpoint() is null =>
                $"No endpoint at {context.Request.Method} {context.Request.Path}; see /openapi/v1.json for the API.",
            StatusCodes.Status429TooManyRequests => TooMany(SettingsOf(context)),
            StatusCodes.Status504GatewayTimeout =>
                $"The request did not finish within RequestTimeout ({SettingsOf(context).RequestTimeout.TotalSeconds} s): send a smaller request, or send its body faster.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{context.Request.Method} is not allowed on {context.Request.Path}; see /openapi/v1.json for the API.",
            _ => null,
        };
    }

    private static InferenceOptions SettingsOf(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<InferenceOptions>>().Value;

    private static string TooMany(InferenceOptions options) =>
        $"Too many requests from this client: at most {options.RateLimitPerSecond} per second (RateLimitPerSecond, bursts of {options.RateLimitBurst}) " +
        $"and {options.MaxConcurrentRequestsPerClient} at once (MaxConcurrentRequestsPerClient). Retry after the Retry-After header's seconds, or spread the requests out.";
}
