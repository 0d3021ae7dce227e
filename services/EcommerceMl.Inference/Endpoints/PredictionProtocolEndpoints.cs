using System.Text.Json;
using EcommerceMl.Inference.Errors;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.OpenInference;
using EcommerceMl.Inference.Options;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// KServe's V1 prediction protocol: <c>GET /v1/models/{name}</c> (ready or not) and
/// <c>POST /v1/models/{name}:predict</c> (<c>instances</c> → <c>predictions</c>), on the same named tensors as V2.
/// All-or-nothing: one bad instance refuses the request, naming it. Errors are <c>{"error": "..."}</c>.
/// </summary>
internal static class PredictionProtocolEndpoints
{
    public static RouteGroupBuilder MapPredictionProtocolApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models/{name}", ModelReady)
            .WithTags("V1 prediction protocol").WithName("V1ModelReady")
            .WithSummary("KServe V1 model status: {name, ready}; 404 for a model not served here.");
        v1.MapPost("/models/{name}:predict", (string name, [AsParameters] ServingContext s) => PredictAsync(s, name))
            .WithTags("V1 prediction protocol").WithName("V1Predict")
            .WithSummary("KServe V1 predict: {instances: [{customer_id, k} | {product_id, k} | {horizon, level, scope} | churn features]} → {predictions}.")
            .Produces<PredictResponse>().Produces<ProtocolError>(StatusCodes.Status400BadRequest).Produces<ProtocolError>(StatusCodes.Status404NotFound);
        return v1;
    }

    internal static IResult ModelReady(string name, ModelRegistry registry) =>
        registry.Find(name) is { } entry
            ? TypedResults.Ok(new ModelReadyResponse(entry.Name, entry.Status == ModelStatus.Loaded))
            : ProtocolResults.Error(StatusCodes.Status404NotFound, ModelResolver.Resolve(registry, name, null).Error!);

    internal static async Task<IResult> PredictAsync(ServingContext serving, string name)
    {
        var context = serving.Http;
        var services = context.RequestServices;
        PredictRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<PredictRequest>(
                context.Request.Body, services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return ProtocolResults.Error(StatusCodes.Status400BadRequest, BadRequestDescriber.DescribeJson(e, typeof(PredictRequest)));
        }
        catch (BadHttpRequestException e)
        {
            return ProtocolResults.Error(e.StatusCode, BadRequestDescriber.Describe(e, null));
        }

        var options = serving.Options;
        if (request?.Instances is not { Count: > 0 } instances)
        {
            return ProtocolResults.Error(StatusCodes.Status400BadRequest, "'instances' is required: a non-empty list of objects, e.g. [{\"customer_id\": \"c1\", \"k\": 5}].");
        }

        if (instances.Count > options.MaxBatchSize)
        {
            return ProtocolResults.Error(StatusCodes.Status400BadRequest,
                $"'instances' holds {instances.Count} items; at most {options.MaxBatchSize} are accepted per request. Send smaller batches.");
        }

        var (entry, status, error) = ModelResolver.Resolve(serving.Registry, name, null);
        if (entry is null)
        {
            return ProtocolResults.Error(status, error!);
        }

        var started = serving.Start();
        var predictions = new List<IReadOnlyDictionary<string, object?>>(instances.Count);
        long answerBytes = 0;
        for (var i = 0; i < instances.Count; i++)
        {
            try
            {
                var outputs = TaskTensors.Infer(entry, V1Instances.ToInputs(instances[i], i), null, options);
                answerBytes += AnswerSize.Estimate(outputs);
                if (answerBytes > options.MaxAnswerBytes)
                {
                    return ProtocolResults.Error(StatusCodes.Status400BadRequest,
                        $"The answer would be more than MaxAnswerBytes ({options.MaxAnswerBytes}) by instances[{i}] (about {answerBytes} bytes so far): send fewer instances per request, or ask each for less (a shorter horizon, a smaller k).");
                }

                predictions.Add(V1Instances.ToPrediction(outputs));
            }
            catch (InferenceInputException e)
            {
                return ProtocolResults.Error(StatusCodes.Status400BadRequest, e.Message.StartsWith("instances[", StringComparison.Ordinal) ? e.Message : $"instances[{i}]: {e.Message}");
            }
        }

        serving.Observe(entry, "v1_predict", started);
        return TypedResults.Ok(new PredictResponse(predictions));
    }
}
