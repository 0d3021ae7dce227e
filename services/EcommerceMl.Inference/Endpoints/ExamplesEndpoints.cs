using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// <c>GET /v1/examples</c>: the curl lines <c>ecml serve</c> prints at start-up, for a client that started the
/// server some other way — local mode's gateway collects them from every ModelDeployment, rewritten to its
/// own address with <c>?baseUrl=</c>.
/// </summary>
internal static class ExamplesEndpoints
{
    private const int MaxBaseUrlLength = 256;

    public static RouteGroupBuilder MapExamplesApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/examples", Examples)
            .WithTags("Models")
            .WithName("ExampleRequests")
            .WithSummary("curl command lines that answer 200 against the loaded models; baseUrl (absolute http or https, default this server) is the address they name.");
        return v1;
    }

    internal static Results<Ok<ExamplesResponse>, ProblemHttpResult> Examples(
        string? baseUrl, HttpRequest request, ModelRegistry registry, IOptions<InferenceOptions> options, TimeProvider time)
    {
        var root = baseUrl ?? $"{request.Scheme}://{request.Host}";
        if (root.Length > MaxBaseUrlLength
            || !Uri.TryCreate(root, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid baseUrl.",
                detail: $"baseUrl must be an absolute http or https URL of at most {MaxBaseUrlLength} characters without query, fragment or user info, such as http://127.0.0.1:8080.");
        }

        return TypedResults.Ok(new ExamplesResponse(ExampleRequests.Build(registry, uri.GetLeftPart(UriPartial.Path), options.Value, time)));
    }
}
