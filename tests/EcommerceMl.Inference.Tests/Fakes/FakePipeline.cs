using System.Text.Json;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>
/// A task pipeline that reads the fake models below back from their JSON <c>model.bin</c>. The server
/// only ever calls <see cref="Load"/>; training and evaluation belong to the real pipelines, so this one refuses them.
/// </summary>
internal sealed class FakePipeline<TModel>(string task, params string[] algorithms) : ITaskPipeline
    where TModel : ITrainedModel
{
    public string Task => task;

    public IReadOnlyList<string> Algorithms => algorithms;

    public TrainingOutcome Train(TrainingRequest request) =>
        throw new InvalidTrainingRequestException($"The test pipeline for '{task}' serves fixed models and does not train.");

    public IReadOnlyDictionary<string, double> Evaluate(ITrainedModel model, TrainingRequest request, DateTime? from = null) =>
        throw new ModelNotScorableException($"The test pipeline for '{task}' serves fixed models and does not evaluate.");

    public ITrainedModel Load(string algorithm, Stream stream)
    {
        if (!algorithms.Contains(algorithm))
        {
            throw new InvalidDataException($"Unknown {task} algorithm '{algorithm}'.");
        }

        try
        {
            return JsonSerializer.Deserialize<TModel>(stream, FakeJson.Options)
                ?? throw new InvalidDataException("model.bin holds null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"model.bin is not a {typeof(TModel).Name}: {ex.Message}", ex);
        }
    }
}

internal static class FakeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static void Save<T>(Stream stream, T model) => JsonSerializer.Serialize(stream, model, Options);
}
