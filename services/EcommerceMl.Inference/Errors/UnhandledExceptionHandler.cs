using EcommerceMl.Inference.Observability;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EcommerceMl.Inference.Errors;

/// <summary>
/// The last resort: a 500 problem+json that names the trace id to look up in the logs, never the
/// exception or its stack trace (those go to the log only).
/// </summary>
internal sealed class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        Log.Unhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        var detail = $"The server failed to handle this request; quote trace id {httpContext.TraceIdentifier} when reporting it.";
        if (OpenInference.ProtocolResults.IsProtocolPath(httpContext.Request.Path))
        {
            await OpenInference.ProtocolResults.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, detail);
            return true;
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = detail,
            },
        });
    }
}
