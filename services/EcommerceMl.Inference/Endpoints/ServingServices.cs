using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// The application's singletons every prediction handler uses. They reach a request as metadata of its endpoint
/// (<see cref="For"/>), not from <see cref="HttpContext.RequestServices"/>: the first use of that opens a
/// dependency-injection scope for the request — a feature, a scope and its service cache allocated, and a disposal at
/// the end — about a fifth of what a cached recommendation allocated, for services that are all singletons.
/// </summary>
internal sealed class ServingServices(
    ModelRegistry registry,
    IOptions<InferenceOptions> settings,
    InferenceMetrics metrics,
    PredictionLog predictionLog,
    TimeProvider time,
    EndpointLog log,
    AnswerCache answers,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public ModelRegistry Registry { get; } = registry;

    public InferenceOptions Options { get; } = settings.Value;

    public InferenceMetrics Metrics { get; } = metrics;

    public PredictionLog PredictionLog { get; } = predictionLog;

    public TimeProvider Time { get; } = time;

    public EndpointLog Log { get; } = log;

    public AnswerCache Answers { get; } = answers;

    /// <summary>What minimal API binding reads a <see cref="Contracts.ChurnRequest"/> body with: the application's JSON options.</summary>
    public JsonTypeInfo<Contracts.ChurnRequest> ChurnRequest { get; } =
        (JsonTypeInfo<Contracts.ChurnRequest>)json.Value.SerializerOptions.GetTypeInfo(typeof(Contracts.ChurnRequest));

    /// <summary>
    /// The services of the request's endpoint (every endpoint mapped by <c>MapEcmlInference</c> carries them), or
    /// from the request's scope for an endpoint mapped elsewhere.
    /// </summary>
    public static ServingServices For(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.GetEndpoint()?.Metadata.GetMetadata<ServingServices>() ?? http.RequestServices.GetRequiredService<ServingServices>();
    }
}
