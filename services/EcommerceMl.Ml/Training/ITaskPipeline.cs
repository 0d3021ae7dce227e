using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Training;

/// <summary>
/// Everything one task (recommendation, forecast, churn) knows: its algorithms and their
/// hyperparameters, how to split, fit and evaluate, and how to read a saved model back.
/// Pure: no files, no network; the trainer and the inference server are the adapters.
/// </summary>
public interface ITaskPipeline
{
    string Task { get; }

    /// <summary>Algorithm names this task accepts, the first being the default.</summary>
    IReadOnlyList<string> Algorithms { get; }

    /// <summary>
    /// Fits on a training split, evaluates on held-out data the fit never saw, then refits on all
    /// the data for serving (a forecast must start where the data ends). Throws
    /// <see cref="InvalidTrainingRequestException"/> for an unknown algorithm or hyperparameter,
    /// or data too small to split.
    /// </summary>
    TrainingOutcome Train(TrainingRequest request);

    /// <summary>Reads a model written by <see cref="ITrainedModel.Save"/>. Throws <see cref="InvalidDataException"/> on a malformed file.</summary>
    ITrainedModel Load(string algorithm, Stream stream);
}

public sealed record TrainingRequest(ShopData Data, string Algorithm, IReadOnlyDictionary<string, string> Hyperparameters)
{
    /// <summary>Calendar days at the end of the data held out for evaluation (temporal split).</summary>
    public int HoldoutDays { get; init; } = 28;

    /// <summary>Cut-off for ranking metrics.</summary>
    public int K { get; init; } = 10;

    public int Seed { get; init; } = 42;

    public IProgress<TrainingProgress>? Progress { get; init; }
}

/// <summary>Progress of a long step, reported to the console (local mode) or to the TrainingJob status.</summary>
public sealed record TrainingProgress(string Stage, double Percent);

/// <param name="Model">The model refit on all the data, to be served.</param>
/// <param name="Metrics">Held-out metrics of the model fit on the training split.</param>
/// <param name="Hyperparameters">The hyperparameters used, defaults filled in.</param>
/// <param name="ReferenceFeatures">Samples of each input feature in training, for the drift reference profile.</param>
/// <param name="EvaluationCutoff">Where the held-out data starts.</param>
public sealed record TrainingOutcome(
    ITrainedModel Model,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Hyperparameters,
    IReadOnlyDictionary<string, double[]> ReferenceFeatures,
    DateTime EvaluationCutoff)
{
    /// <summary>
    /// Everything the monitor compares, categorical features and the model's outputs included
    /// (<see cref="Monitoring.MonitoredSample"/>); the manifest's profiles are built from it when set,
    /// else from <see cref="ReferenceFeatures"/>.
    /// </summary>
    public Monitoring.MonitoredSample? Reference { get; init; }
}

/// <summary>The request cannot be trained as asked; the message says what to fix.</summary>
public sealed class InvalidTrainingRequestException(string message) : Exception(message);
