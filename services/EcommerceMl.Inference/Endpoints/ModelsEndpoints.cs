using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

internal static class ModelsEndpoints
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", ListModels)
            .WithTags("Models")
            .WithName("ListModels")
            .WithSummary("Configured models: version, task, algorithm, held-out metrics, load time, status and error, and data freshness (dataTo: the training data's last date; dataAgeDays: how old that is now).");
        return v1;
    }

    internal static Ok<ModelsResponse> ListModels(ModelRegistry registry, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new ModelsResponse(
            registry.IsReady,
            registry.DiscoveryError,
            [.. registry.Models.Select(e => ModelInfo.From(e, now))]));
    }
}
