using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Turns a version's verified files into a servable model through its task's pipeline, or says why it cannot
/// be served. Shared by the start-up loader and the hot-swap refresher, so both refuse exactly the same things.
/// </summary>
internal sealed class ModelMaterializer(IEnumerable<ITaskPipeline> pipelines, IOptions<InferenceOptions> options)
{
    private readonly InferenceOptions _options = options.Value;

    private readonly Dictionary<string, ITaskPipeline> _pipelines = pipelines.ToDictionary(p => p.Task, StringComparer.Ordinal);

    /// <summary>The model, or null with <paramref name="error"/> saying what is wrong with this version.</summary>
    public ITrainedModel? Materialize(LoadedModel loaded, out string? error)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var manifest = loaded.Manifest;
        error = null;
        if (!_pipelines.TryGetValue(manifest.Task, out var pipeline))
        {
            error = $"No pipeline for task '{manifest.Task}' (this server has: {string.Join(", ", _pipelines.Keys.Order(StringComparer.Ordinal))}).";
            return null;
        }

        if (!loaded.Files.TryGetValue(ITrainedModel.FileName, out var bytes))
        {
            error = $"Version {manifest.Version} has no {ITrainedModel.FileName}.";
            return null;
        }

        ITrainedModel model;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            model = pipeline.Load(manifest.Algorithm, stream);
        }
        catch (Exception ex)
        {
            error = $"{ITrainedModel.FileName} could not be read by the {manifest.Task} pipeline ({manifest.Algorithm}): {ex.Message}";
            return null;
        }

        var expected = ExpectedType(manifest.Task);
        if (expected is not null && !expected.IsInstanceOfType(model))
        {
            error = $"The {manifest.Task} pipeline returned a {model.GetType().Name}, not an {expected.Name}.";
            return null;
        }

        // Precomputed here so the loader and the refresher both install a model whose tables are complete.
        return model is IRecommender recommender
            ? PrecomputedRecommender.Wrap(recommender, _options.PrecomputedTopK, _options.MaxPrecomputedCustomers)
            : model;
    }

    private static Type? ExpectedType(string task) => task switch
    {
        ModelTask.Recommendation => typeof(Ml.Recommendation.IRecommender),
        ModelTask.Forecast => typeof(Ml.Forecasting.IForecaster),
        ModelTask.Churn => typeof(Ml.Churn.IChurnModel),
        ModelTask.Search => typeof(Ml.Search.ISearchModel),
        _ => null,
    };
}
