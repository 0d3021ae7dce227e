using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Errors;

/// <summary>
/// Bounds request bodies at <see cref="InferenceOptions.MaxRequestBodyBytes"/>: a declared length over
/// the limit is refused at once with 413 problem+json; a chunked body is cut off by the server (Kestrel)
/// at the same limit, which the <see cref="BadRequestExceptionHandler"/> reports.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<InferenceOptions> options, IProblemDetailsService problems)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    // Not async: a request within the limit goes on without a state machine of its own.
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }

        return context.Request.ContentLength > _limit ? RefuseAsync(context) : next(context);
    }

    private async Task RefuseAsync(HttpContext context)
    {
        var message = $"The request body is {context.Request.ContentLength} bytes; the limit is {_limit} bytes. Send smaller batches.";
        if (OpenInference.ProtocolResults.IsProtocolPath(context.Request.Path))
        {
            await OpenInference.ProtocolResults.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large.",
                Detail = message,
            },
        });
    }
}
