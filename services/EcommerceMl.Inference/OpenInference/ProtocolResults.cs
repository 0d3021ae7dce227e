using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// Answers in the inference protocols' own error shape, <c>{"error": "..."}</c>, which KServe clients parse —
/// not problem+json, which the rest of the API uses.
/// </summary>
internal static class ProtocolResults
{
    public static JsonHttpResult<ProtocolError> Error(int status, string message) =>
        TypedResults.Json(new ProtocolError(message), statusCode: status);

    /// <summary>The V2 protocol and the V1 protocol's per-model routes (<c>/v1/models/{name}…</c>, not the <c>/v1/models</c> list).</summary>
    public static bool IsProtocolPath(PathString path) =>
        path.StartsWithSegments("/v2", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/v1/models", StringComparison.OrdinalIgnoreCase, out var rest) && rest.HasValue && rest.Value != "/";

    /// <summary>For middleware that answers before an endpoint runs (413, 401, 500).</summary>
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ProtocolError(message));
    }

    /// <summary>
    /// A bodiless status (the protocol's health answers: "the HTTP request and response bodies are empty"). The
    /// declared length of 0 keeps it empty: <see cref="Errors.BodilessErrorMiddleware"/> only fills responses that
    /// declare neither a length nor a type.
    /// </summary>
    public static StatusCodeHttpResult Empty(HttpContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentLength = 0;
        return TypedResults.StatusCode(status);
    }
}
