using EcommerceMl.Inference.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>The non-validation problems an endpoint answers with (RFC 7807, <c>application/problem+json</c>).</summary>
internal static class Problems
{
    public static ProblemHttpResult From(SelectionFailure failure) =>
        TypedResults.Problem(detail: failure.Detail, statusCode: failure.StatusCode, title: failure.Title);

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: title);
}
