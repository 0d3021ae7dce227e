using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>Which tensors a model reads and writes, by task, and running a request's tensors through it.</summary>
internal static class TaskTensors
{
    public static ModelSignature? SignatureOf(string? task) => task switch
    {
        ModelTask.Recommendation => RecommendationTensors.Signature,
        ModelTask.Forecast => ForecastTensors.Signature,
        ModelTask.Churn => ChurnTensors.Signature,
        ModelTask.Search => SearchTensors.Signature,
        _ => null,
    };

    /// <summary>The loaded model's signature: a churn model's also names the attribute columns it reads.</summary>
    public static ModelSignature? SignatureOf(ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Model is IChurnModel churn ? ChurnTensors.SignatureFor(churn) : SignatureOf(entry.Task);
    }

    /// <summary>
    /// Decodes and checks <paramref name="inputs"/>, runs the model, and returns the outputs asked for
    /// (all when <paramref name="requested"/> is empty), in the order asked. Throws <see cref="InferenceInputException"/>.
    /// </summary>
    public static IReadOnlyList<OutputTensor> Infer(
        ModelEntry entry, IReadOnlyList<RequestTensor?>? inputs, IReadOnlyList<string?>? requested, InferenceOptions options, TimeProvider time) =>
        Run(entry, Decode(entry, inputs, requested, options), options, time);

    /// <summary>
    /// The request's inputs and outputs checked against the model's signature (the first half of <see cref="Infer"/>).
    /// Throws <see cref="InferenceInputException"/>.
    /// </summary>
    public static TensorRequest Decode(ModelEntry entry, IReadOnlyList<RequestTensor?>? inputs, IReadOnlyList<string?>? requested, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        var signature = SignatureOf(entry)
            ?? throw new InvalidOperationException($"Model '{entry.Name}' has task '{entry.Task}', which has no tensor signature.");
        var names = Requested(requested, signature);
        return new TensorRequest(TensorDecoder.Decode(inputs, signature, options.MaxStringLength), names);
    }

    /// <summary>Runs a checked request through the model: the outputs asked for, in the order asked (the second half of <see cref="Infer"/>).</summary>
    public static IReadOnlyList<OutputTensor> Run(ModelEntry entry, TensorRequest request, InferenceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(request);
        var decoded = request.Inputs;
        var outputs = entry.Model switch
        {
            IRecommender recommender => RecommendationTensors.Infer(recommender, decoded, options),
            IForecaster forecaster => ForecastTensors.Infer(forecaster, decoded, options, ForecastStart.Of(options, time)),
            IChurnModel churn => ChurnTensors.Infer(churn, decoded, options),
            ISearchModel search => SearchTensors.Infer(search, decoded, options),
            _ => throw new InvalidOperationException($"Model '{entry.Name}' is not loaded as a {entry.Task} model."),
        };
        var answer = request.Outputs is null ? outputs : InOrder(outputs, request.Outputs);
        AnswerSize.Check(AnswerSize.Estimate(answer), answer, options);
        return answer;
    }

    /// <summary>
    /// The outputs named, in the order named. Apart from <see cref="Infer"/> so its lambdas' closure is only made when a
    /// request names outputs (a captured local is allocated when its scope starts, on every call).
    /// </summary>
    private static OutputTensor[] InOrder(IReadOnlyList<OutputTensor> outputs, List<string> names) =>
        [.. names.Select(n => outputs.Single(o => o.Name == n))];

    /// <summary>The outputs asked for, checked; null when the request names none (all are answered).</summary>
    private static List<string>? Requested(IReadOnlyList<string?>? requested, ModelSignature signature)
    {
        if (requested is not { Count: > 0 })
        {
            return null;
        }

        var names = new List<string>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            var name = requested[i];
            if (string.IsNullOrWhiteSpace(name) || !signature.HasOutput(name))
            {
                throw new InferenceInputException($"outputs[{i}]: unknown output '{name}'. This model writes {signature.DescribeOutputs()}.");
            }

            if (names.Contains(name))
            {
                throw new InferenceInputException($"outputs[{i}]: output '{name}' is asked for twice.");
            }

            names.Add(name);
        }

        return names;
    }
}

/// <summary>A request's checked input tensors by name, and the outputs it names in order (null: all of them).</summary>
internal sealed record TensorRequest(IReadOnlyDictionary<string, InputTensor> Inputs, List<string>? Outputs);
