using EcommerceMl.Inference.Dashboard;
using EcommerceMl.Inference.Endpoints;
using EcommerceMl.Inference.Errors;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Tracker;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Prometheus;

namespace EcommerceMl.Inference.Hosting;

public static class InferenceApplicationExtensions
{
    /// <summary>Where the interactive API page lives: <c>/docs</c>.</summary>
    public const string ApiPagePrefix = "docs";

    private static readonly PathString ApiPagePath = new("/" + ApiPagePrefix);

    /// <summary>
    /// The request pipeline: problem+json for every error (exceptions, unmatched routes), the optional API key,
    /// the body size limit, the interactive API page at <c>/docs</c>, HTTP metrics labelled with the model that answered, and
    /// the per-client rate and concurrency limits and request timeout (<see cref="ClientLimits"/>).
    /// </summary>
    public static WebApplication UseEcmlInference(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.Services.GetRequiredService<InferenceMetrics>();
        app.UseExceptionHandler();
        app.UseMiddleware<BodilessErrorMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        // The interactive API page: Swagger UI's files are embedded in the package (no network, no build step),
        // reading the OpenAPI document MapOpenApi serves. Behind the API key like the dashboard. Only on its own
        // path: Swagger UI's middleware matches every GET's path against regular expressions, which cost the GET
        // prediction endpoints about 2 % of the server's CPU.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(ApiPagePath),
            docs => docs.UseSwaggerUI(o =>
            {
                o.RoutePrefix = ApiPagePrefix;
                o.SwaggerEndpoint("/openapi/v1.json", "EcommerceMl inference");
                o.DocumentTitle = "EcommerceMl inference API";
            }));
        app.UseRouting();
        // Only the endpoints that ask for it (the storefront tracker's script and POST /v1/events) answer CORS, and only
        // their requests go through the CORS middleware: it flags every request it sees in HttpContext.Items (a
        // dictionary made per request, about 0.4 µs of a prediction's CPU) and resolves its policy provider from the
        // request's service scope, though an endpoint without CORS metadata gets no CORS headers from it either way
        // (there is no default policy).
        app.UseWhen(RequiresCors, cors => cors.UseCors());
        // After routing, so the series carry the matched endpoint; one middleware with cached series, where
        // prometheus-net's UseHttpMetrics (same names and labels) cost three and built labels per request.
        app.Use(new HttpRequestMetrics(Metrics.WithCustomRegistry(metrics.Registry)).Middleware);
        app.UseEcmlClientLimits();
        return app;
    }

    /// <summary>Whether the matched endpoint carries CORS metadata (<c>RequireCors</c>): the only requests CORS can answer.</summary>
    internal static bool RequiresCors(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ICorsMetadata>() is not null;

    /// <summary>Health, metrics, OpenAPI, the <c>/v1</c> API with KServe's V1 predict, and the Open Inference Protocol under <c>/v2</c>.</summary>
    public static WebApplication MapEcmlInference(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthEndpoints();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<InferenceMetrics>().Registry);
        app.MapOpenApi();

        // The prediction endpoints carry the handlers' singletons as metadata (ServingServices), so binding a request's
        // ServingContext opens no dependency-injection scope.
        var api = app.MapGroup("").WithMetadata(app.Services.GetRequiredService<ServingServices>()).WithBodyTimeout();
        var v1 = api.MapGroup("/v1");
        v1.MapModelsApi();
        v1.MapExamplesApi();
        v1.MapRecommendationsApi();
        v1.MapForecastApi();
        v1.MapDemandApi();
        v1.MapChurnApi();
        v1.MapSearchApi();
        v1.MapRecommendationBatchApi();
        v1.MapChurnBatchApi();
        v1.MapEventsApi();
        v1.MapPredictionProtocolApi();
        api.MapOpenInferenceApi();
        api.MapDashboard();
        api.MapTracker();
        return app;
    }
}
