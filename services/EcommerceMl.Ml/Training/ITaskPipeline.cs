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

    /// <summary>
    /// Scores an already-trained model of this task (any of its algorithms, e.g. one loaded from the
    /// store) on the held-out split <see cref="Train"/> makes of <paramref name="request"/>, with the
    /// same protocol: the model fit on the training split gets exactly <see cref="TrainingOutcome.Metrics"/>
    /// (less the ones about the fit itself, such as its duration or its number of training rows).
    /// <paramref name="from"/>, when after the split's cutoff, scores only the held-out data from then
    /// on (what a model trained through an earlier day did not see); churn, whose held-out set is a
    /// share of customers labelled over one window, cannot be cut by day: there it keeps the held-out
    /// customers first seen from then on (what a model fit on the customers known before never saw). Throws
    /// <see cref="ModelNotScorableException"/> when the model cannot be scored there (another task,
    /// a forecaster fit on days inside the window, a window cut to nothing or, for churn, too few customers).
    /// </summary>
    IReadOnlyDictionary<string, double> Evaluate(ITrainedModel model, TrainingRequest request, DateTime? from = null);
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

    /// <summary>
    /// The model fit on the training split, which <see cref="Metrics"/> measured: what the champion is
    /// compared with when only part of the held-out window is fair to both (<see cref="ITaskPipeline.Evaluate"/>).
    /// </summary>
    public ITrainedModel? EvaluatedModel { get; init; }
}

/// <summary>The request cannot be trained as asked; the message says what to fix.</summary>
public sealed class InvalidTrainingRequestException(string message) : Exception(message);

/// <summary>A trained model cannot be scored on a request's held-out split; the message says why.</summary>
public sealed class ModelNotScorableException(string message) : Exception(message);
