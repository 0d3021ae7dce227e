using System.Diagnostics.CodeAnalysis;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// What every prediction handler needs besides its own inputs, bound with <c>[AsParameters]</c>: the registry to
/// pick a model from, the options that bound a request, metrics, the clock and the log (<see cref="ServingServices"/>,
/// read from the matched endpoint), and the request. A struct, so binding it costs no allocation per request.
/// </summary>
internal readonly record struct ServingContext(HttpContext Http)
{
    private readonly ServingServices _services = ServingServices.For(Http);

    public ServingServices Services => _services;

    public ModelRegistry Registry => _services.Registry;

    public InferenceOptions Options => _services.Options;

    public InferenceMetrics Metrics => _services.Metrics;

    public TimeProvider Time => _services.Time;

    public EndpointLog Log => _services.Log;

    public AnswerCache Answers => _services.Answers;

    public ILogger Logger => Log.Logger;

    /// <summary>
    /// The <typeparamref name="T"/> model of <paramref name="task"/> the request asked for (<paramref name="name"/>,
    /// or the only one loaded), or the problem to answer with (404 unknown, 503 not loaded, 400 ambiguous or wrong kind).
    /// </summary>
    public bool TrySelect<T>(
        string task,
        string? name,
        [NotNullWhen(true)] out ModelEntry? entry,
        [NotNullWhen(true)] out T? model,
        [NotNullWhen(false)] out ProblemHttpResult? problem)
        where T : class, ITrainedModel
    {
        var selection = Registry.Select<T>(task, name);
        if (selection.Failure is not null)
        {
            (entry, model, problem) = (null, null, Problems.From(selection.Failure));
            return false;
        }

        (entry, model, problem) = (selection.Entry!, selection.Model!, null);
        return true;
    }

    /// <summary>A timestamp to hand to <see cref="Observe"/> once the model answered.</summary>
    public long Start() => Time.GetTimestamp();

    /// <summary>
    /// Reports a prediction once the model answered: the model that answered, for the request's HTTP metrics; the time
    /// since <paramref name="started"/>, to <c>request_predict_seconds</c>; and the sampled prediction log.
    /// </summary>
    public void Observe(ModelEntry entry, string endpoint, long started)
    {
        var elapsed = Time.GetElapsedTime(started);
        AnsweringModel.Set(Http, entry);
        Metrics.ObservePredict(entry, endpoint, elapsed);
        _services.PredictionLog.Record(Http, entry, endpoint, elapsed);
    }
}
