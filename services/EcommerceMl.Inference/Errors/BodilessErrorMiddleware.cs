using EcommerceMl.Inference.OpenInference;
using Microsoft.AspNetCore.Mvc;

namespace EcommerceMl.Inference.Errors;

/// <summary>
/// Gives a problem+json body (<c>{"error": "..."}</c> on the inference protocols' paths) to an error status that left
/// without one: the 404 of a path no route matches, the 405 of a route that exists for other methods, or a handler
/// that set a status and wrote nothing. What <c>UseStatusCodePages</c> did, without its per-request cost: that
/// middleware registers a feature on every request (an extra feature list the rest of the pipeline then searches) and
/// awaits the endpoint. Here a request the endpoint finished synchronously and successfully — every cached or model
/// answer — passes straight through.
/// </summary>
/// <remarks>
/// A response that declares its length (even 0, the protocol's empty health answers) or its content type is left as
/// it is, as <c>UseStatusCodePages</c> did. Without a problem writer for the client's Accept header the body is plain
/// text, again as before.
/// </remarks>
internal sealed class BodilessErrorMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        var handled = next(context);
        return handled.IsCompletedSuccessfully && !NeedsBody(context.Response) ? handled : CompleteAsync(handled, context);
    }

    private async Task CompleteAsync(Task handled, HttpContext context)
    {
        await handled;
        if (!NeedsBody(context.Response))
        {
            return;
        }

        var status = context.Response.StatusCode;
        if (ProtocolResults.IsProtocolPath(context.Request.Path))
        {
            // The inference protocols' own shape, {"error": "..."}, which KServe clients parse.
            await ProtocolResults.WriteAsync(context, status, StatusDetails.Describe(context, status) ?? $"{status} {ReasonPhrase(status)}.");
            return;
        }

        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status },
        });
        if (!written)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"Status Code: {status}; {ReasonPhrase(status)}");
        }
    }

    private static bool NeedsBody(HttpResponse response) =>
        response is { HasStarted: false, StatusCode: >= 400 and < 600, ContentLength: null }
        && string.IsNullOrEmpty(response.ContentType);

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
