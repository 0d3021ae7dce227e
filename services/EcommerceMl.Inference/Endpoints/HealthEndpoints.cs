using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// <c>/healthz</c> (the process answers) and <c>/readyz</c> (every configured model is loaded; per model the version
/// served and the newer versions passed over, with why).
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("").WithTags("Health");
        health.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" }))
            .WithName("Liveness")
            .WithSummary("Liveness: 200 while the process is up.");
        health.MapGet("/readyz", Readiness)
            .WithName("Readiness")
            .WithSummary("Readiness: 200 once every configured model is loaded, else 503 with the reason per model.");
        return app;
    }

    internal static JsonHttpResult<ReadinessResponse> Readiness(ModelRegistry registry)
    {
        var ready = registry.IsReady;
        var models = registry.Models.Select(e => new ModelReadiness(e.Name, e.Version, e.Status, e.Error, e.Skipped)).ToList();
        var problem = ready ? null : registry.DiscoveryError ?? (models.Count == 0 ? "No model is configured." : "Not every model is loaded.");
        return TypedResults.Json(
            new ReadinessResponse(ready ? "ready" : "notReady", problem, models),
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
