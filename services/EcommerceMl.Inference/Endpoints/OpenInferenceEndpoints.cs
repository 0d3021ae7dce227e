using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using EcommerceMl.Inference.Errors;
using EcommerceMl.Inference.Json;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.OpenInference;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Recommendation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// The Open Inference Protocol (KServe V2) REST data plane, as ../shared/specs/open_inference_rest.yaml gives it:
/// server and model metadata, health, and <c>infer</c> over named tensors (see <see cref="TaskTensors"/>).
/// Errors are <c>{"error": "..."}</c>; health answers are bodiless (200 true, 4xx false).
/// </summary>
internal static class OpenInferenceEndpoints
{
    public const string ServerName = "ecommerce-ml";

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("Open Inference Protocol (V2)");
        v2.MapGet("", ServerMetadata).WithName("V2ServerMetadata").WithSummary("Server metadata: name, version, extensions.");
        v2.MapGet("/health/live", (HttpContext c) => ProtocolResults.Empty(c, StatusCodes.Status200OK))
            .WithName("V2ServerLive").WithSummary("Server live: 200 while the process answers.");
        v2.MapGet("/health/ready", (HttpContext c, ModelRegistry r) => ProtocolResults.Empty(c, r.IsReady ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest))
            .WithName("V2ServerReady").WithSummary("Server ready: 200 when every model is loaded, 400 otherwise.");
        v2.MapGet("/models/{name}", (string name, ModelRegistry r) => ModelMetadata(r, name, null))
            .WithName("V2ModelMetadata").WithSummary("Model metadata: versions, platform, input and output tensors (name, datatype, shape).");
        v2.MapGet("/models/{name}/versions/{version}", (string name, string version, ModelRegistry r) => ModelMetadata(r, name, version))
            .WithName("V2ModelVersionMetadata").WithSummary("Model metadata of one version.");
        v2.MapGet("/models/{name}/ready", (string name, HttpContext c, ModelRegistry r) => ModelReady(c, r, name, null))
            .WithName("V2ModelReady").WithSummary("Model ready: 200 when loaded, 400 when not yet, 404 when unknown.");
        v2.MapGet("/models/{name}/versions/{version}/ready", (string name, string version, HttpContext c, ModelRegistry r) => ModelReady(c, r, name, version))
            .WithName("V2ModelVersionReady").WithSummary("Model ready, for one version.");
        v2.MapPost("/models/{name}/infer", (string name, [AsParameters] ServingContext s) => InferAsync(s, name, null))
            .WithName("V2Infer").WithSummary("Inference over named tensors: inputs [{name, shape, datatype, data}] → outputs.")
            .Produces<InferenceResponse>().Produces<ProtocolError>(StatusCodes.Status400BadRequest).Produces<ProtocolError>(StatusCodes.Status404NotFound);
        v2.MapPost("/models/{name}/versions/{version}/infer", (string name, string version, [AsParameters] ServingContext s) => InferAsync(s, name, version))
            .WithName("V2InferVersion").WithSummary("Inference on one version of a model.")
            .Produces<InferenceResponse>().Produces<ProtocolError>(StatusCodes.Status400BadRequest).Produces<ProtocolError>(StatusCodes.Status404NotFound);
        // No catch-all route for unknown paths: the router would capture its value on every /v2 request. An unmatched
        // path (404) or method (405) gets its {"error"} from BodilessErrorMiddleware.
        return app;
    }

    internal static IResult ServerMetadata() => TypedResults.Ok(new ServerMetadataResponse(
        ServerName,
        typeof(OpenInferenceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
        []));

    internal static IResult ModelMetadata(ModelRegistry registry, string name, string? version)
    {
        var (entry, status, error) = ModelResolver.Resolve(registry, name, version);
        if (entry is null)
        {
            return ProtocolResults.Error(status, error!);
        }

        var signature = TaskTensors.SignatureOf(entry)!;
        var manifest = entry.Manifest!;
        return TypedResults.Ok(new ModelMetadataResponse(
            entry.Name,
            [entry.Version!],
            $"{ServerName}_{manifest.Task}",
            [.. signature.Inputs.Select(i => i.ToMetadata())],
            [.. signature.Outputs.Select(o => o.ToMetadata())],
            new Dictionary<string, string>(StringComparer.Ordinal) { ["task"] = manifest.Task, ["algorithm"] = manifest.Algorithm }));
    }

    internal static IResult ModelReady(HttpContext context, ModelRegistry registry, string name, string? version)
    {
        var (_, status, _) = ModelResolver.Resolve(registry, name, version);
        return ProtocolResults.Empty(context, status == StatusCodes.Status503ServiceUnavailable ? StatusCodes.Status400BadRequest : status);
    }

    internal static async Task<IResult> InferAsync(ServingContext serving, string name, string? version)
    {
        var body = serving.Http.Request.BodyReader;
        ReadResult read;
        try
        {
            read = await ReadWholeAsync(serving.Http);
        }
        catch (BadHttpRequestException e)
        {
            return ProtocolResults.Error(e.StatusCode, BadRequestDescriber.Describe(e, null));
        }

        try
        {
            return Infer(serving, name, version, read.Buffer);
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }
    }

    /// <summary>The answer to a whole body, which stays in the server's buffers until this returns (so a body kept as a key is copied only then).</summary>
    private static IResult Infer(ServingContext serving, string name, string? version, ReadOnlySequence<byte> body)
    {
        var repeated = RepeatedBody.Find(serving.Answers, serving.Registry, name, version, body);
        if (repeated.Answer is { } kept)
        {
            serving.Observe(repeated.Entry!, "v2_infer", serving.Start());
            return new JsonBytes(kept.Body);
        }

        ParsedInferenceRequest? request;
        try
        {
            request = InferenceRequestReader.Read(body);
        }
        catch (InferenceInputException e)
        {
            return ProtocolResults.Error(StatusCodes.Status400BadRequest, e.Message);
        }

        if (request is null)
        {
            return ProtocolResults.Error(StatusCodes.Status400BadRequest, "The request body must be a JSON object with 'inputs'.");
        }

        var (entry, status, error) = ModelResolver.Resolve(serving.Registry, name, version);
        if (entry is null)
        {
            return ProtocolResults.Error(status, error!);
        }

        var started = serving.Start();
        IResult answer;
        try
        {
            answer = Answer(entry, request, serving, repeated);
        }
        catch (InferenceInputException e)
        {
            return ProtocolResults.Error(e.StatusCode, e.Message);
        }

        serving.Observe(entry, "v2_infer", started);
        return answer;
    }

    /// <summary>
    /// The model's answer to the request, checked as every request is. A known customer's default-shaped top-k (one
    /// <c>customer_id</c>, the default <c>k</c>, no <c>id</c> to echo, every output) depends only on the version and
    /// the customer, so its body is built once and then written as it is (<see cref="AnswerCache"/>).
    /// </summary>
    private static IResult Answer(ModelEntry entry, ParsedInferenceRequest request, ServingContext serving, RepeatedBody.Lookup repeated)
    {
        var tensors = TaskTensors.Decode(entry, request.Inputs, request.Outputs, serving.Options);
        var recommender = entry.Model as IRecommender;
        var customer = recommender is not null && request.Id is null && tensors.Outputs is null && serving.Answers.Enabled
            ? RecommendationTensors.DefaultCustomer(tensors.Inputs)
            : null;
        if (customer is not null && serving.Answers.Find(entry, AnswerKind.InferRecommendations, customer) is { } cached)
        {
            RepeatedBody.Keep(serving.Answers, entry, repeated, cached);
            return new JsonBytes(cached.Body);
        }

        var outputs = TaskTensors.Run(entry, tensors, serving.Options, serving.Time);
        var answer = new InferenceAnswer(entry.Name, entry.Version!, request.Id, outputs);
        // Only known customers: an unknown id's fallback answer is cheap and ids a client invents must not fill the cache.
        if (customer is not null && recommender!.KnowsCustomer(customer))
        {
            var built = new CachedAnswer(answer.ToArray(), (int)outputs[0].Shape[1], null);
            serving.Answers.TryAdd(entry, AnswerKind.InferRecommendations, customer, built);
            RepeatedBody.Keep(serving.Answers, entry, repeated, built);
            return new JsonBytes(built.Body);
        }

        return answer;
    }

    /// <summary>
    /// The whole body (bounded by the request body limit, which the server enforces while it is read), left where it
    /// lies in the server's own pooled buffers: nothing is copied into a stream or a document first, and the caller
    /// advances past it. A body that came with the headers (the usual case) is taken at once, without waiting or
    /// asking for <c>RequestAborted</c> (which would make the request timeout's token, Hosting/RequestTimeoutMiddleware).
    /// </summary>
    private static ValueTask<ReadResult> ReadWholeAsync(HttpContext context)
    {
        var body = context.Request.BodyReader;
        if (body.TryRead(out var read))
        {
            if (read.IsCompleted)
            {
                return new(read);
            }

            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        return ReadRestAsync(body, context.RequestAborted);
    }

    private static async ValueTask<ReadResult> ReadRestAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            if (read.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (read.IsCompleted)
            {
                return read;
            }

            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
