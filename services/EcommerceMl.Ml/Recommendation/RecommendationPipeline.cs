using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The recommendation task: split the last <see cref="TrainingRequest.HoldoutDays"/> off, fit on
/// the rest, evaluate on what customers bought in the held-out window, then refit on everything
/// for serving.
/// </summary>
public sealed class RecommendationPipeline(TimeProvider? time = null) : ITaskPipeline
{
    private static readonly IRecommenderAlgorithm[] AlgorithmList = [new ItemCosineAlgorithm(), new PopularityAlgorithm(), new EaseAlgorithm(), new AlsAlgorithm(), new TwoStageAlgorithm()];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Task => ModelTask.Recommendation;

    public IReadOnlyList<string> Algorithms => AlgorithmNames;

    /// <summary>Every recommendation algorithm name, in the pipeline's order (also the evaluation harness's).</summary>
    public static IReadOnlyList<string> AlgorithmNames { get; } = [.. AlgorithmList.Select(a => a.Name)];

    public TrainingOutcome Train(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var algorithm = FindAlgorithm(request.Algorithm)
            ?? throw new InvalidTrainingRequestException(
                $"Unknown recommendation algorithm '{request.Algorithm}'. Accepted: {string.Join(", ", Algorithms)}.");
        var hyperparameters = new Hyperparameters(algorithm.Name, request.Hyperparameters, algorithm.HyperparameterNames);
        var fit = algorithm.Configure(hyperparameters);
        CheckK(request.K);

        var progress = request.Progress;
        progress?.Report(new TrainingProgress("split", 0));
        var split = Split(request);

        var trainData = InteractionData.FromShop(split.Train);
        var started = _time.GetTimestamp();
        var model = fit(trainData, Stage(progress, "fit on training split", 5, 45));
        var fitSeconds = _time.GetElapsedTime(started).TotalSeconds;

        progress?.Report(new TrainingProgress("evaluate", 45));
        var metrics = new Dictionary<string, double>(RecommendationEvaluator.Evaluate(model, split, request.K), StringComparer.Ordinal)
        {
            ["fit_seconds"] = fitSeconds,
        };

        var allData = InteractionData.FromShop(request.Data);
        var final = fit(allData, Stage(progress, "fit on all data", 55, 95));
        progress?.Report(new TrainingProgress("reference features", 95));
        var reference = RecommendationReferenceFeatures.Observe(request.Data, final, split.Cutoff, RecommendationReferenceFeatures.ReferenceFrom(request.Data, split.Cutoff));
        progress?.Report(new TrainingProgress("done", 100));
        return new TrainingOutcome(final, metrics, hyperparameters.Resolved, reference.NumericInputs(), split.Cutoff) { Reference = reference, EvaluatedModel = model };
    }

    public ITrainedModel Load(string algorithm, Stream stream) => LoadRecommender(algorithm, stream);

    /// <summary>
    /// The held-out metrics of any recommender on the request's split; from <paramref name="from"/> on,
    /// the split is made there instead (held out: what was bought from then on, by customers known before).
    /// </summary>
    public IReadOnlyDictionary<string, double> Evaluate(ITrainedModel model, TrainingRequest request, DateTime? from = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        if (model is not IRecommender recommender)
        {
            throw new ModelNotScorableException($"A {model.Task} model ({model.Algorithm}) cannot be scored as a recommender.");
        }

        CheckK(request.K);
        var split = Split(request);
        if (from is { } start && start > split.Cutoff)
        {
            split = TemporalSplit.At(request.Data, start);
            if (split.Test.Purchases.Count == 0)
            {
                throw new ModelNotScorableException($"No held-out order lines are left from {start:yyyy-MM-dd HH:mm:ss} on.");
            }
        }

        return RecommendationEvaluator.Evaluate(recommender, split, request.K);
    }

    /// <summary><see cref="Load"/>, typed: what the inference server serves.</summary>
    public static CatalogRecommender LoadRecommender(string algorithm, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = FindAlgorithm(algorithm)
            ?? throw new ArgumentException($"Unknown recommendation algorithm '{algorithm}'.", nameof(algorithm));
        using var input = new SafeReader(stream, RecommenderFile.FileKind);
        var written = RecommenderFile.ReadHeader(input);
        if (!string.Equals(written, reader.Name, StringComparison.Ordinal))
        {
            throw input.Malformed($"it holds a '{written}' model, not '{reader.Name}'");
        }

        var catalog = RecommenderCatalog.Read(input);
        var model = reader.Read(catalog, input);
        input.ReadEndMarker();
        return model;
    }

    private static void CheckK(int k)
    {
        if (k is < 1 or > CatalogRecommender.MaxK)
        {
            throw new InvalidTrainingRequestException($"Evaluation k is {k}; it must be between 1 and {CatalogRecommender.MaxK}.");
        }
    }

    internal static IRecommenderAlgorithm? FindAlgorithm(string name) =>
        AlgorithmList.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    private static TemporalSplit Split(TrainingRequest request)
    {
        TemporalSplit split;
        try
        {
            split = TemporalSplit.LastDays(request.Data, request.HoldoutDays);
        }
        catch (ArgumentException error)
        {
            throw new InvalidTrainingRequestException($"Cannot hold out {request.HoldoutDays} days for evaluation: {error.Message}");
        }

        if (split.Train.Purchases.Count == 0 || split.Test.Purchases.Count == 0)
        {
            throw new InvalidTrainingRequestException(
                $"The shop '{request.Data.Name}' is too small to evaluate: holding out the last {request.HoldoutDays} days leaves "
                + $"{split.Train.Purchases.Count} order lines to train on and {split.Test.Purchases.Count} to test on; both must be non-zero.");
        }

        return split;
    }

    private static Progress? Stage(IProgress<TrainingProgress>? progress, string stage, double from, double to) =>
        progress is null ? null : new Progress(fraction => progress.Report(new TrainingProgress(stage, from + ((to - from) * fraction))));

    /// <summary>
    /// Maps a step's 0..1 fraction onto its share of the whole run, synchronously (no context
    /// capture). Kernels report from worker threads; the lock hands the caller one report at a time.
    /// </summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        private readonly Lock _gate = new();

        public void Report(double value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
