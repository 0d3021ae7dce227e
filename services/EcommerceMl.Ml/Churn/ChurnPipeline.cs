using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The churn task, <c>logistic</c> or <c>lightgbm</c>. Examples: the dataset's own label when it has
/// one, else the behavioural label of <see cref="ChurnLabeler"/>; features from <see cref="ChurnFeaturizer"/>.
/// Evaluation: a seeded 60/20/20 split by customer, stratified by label; the classifier is fitted on
/// the 60%, its calibrator (Platt or isotonic, <c>calibration</c>) on the 20% validation customers, and
/// the metrics are of calibrated probabilities on the 20% test customers it never saw, with the Brier
/// score before calibration beside them. Serving: the classifier refitted on every labelled customer,
/// with a calibrator of the same method fitted on 5-fold out-of-fold probabilities (so it too is fitted
/// on scores of customers the scoring model did not see), risk thresholds and actions from hyperparameters.
/// </summary>
public sealed class ChurnPipeline : ITaskPipeline
{
    public const double TestFraction = 0.2;

    /// <summary>Of train+validation: 0.25 × 80% = 20% of all customers.</summary>
    public const double ValidationFraction = 0.25;

    public const int ServingCalibrationFolds = 5;

    /// <summary>Fewer labelled customers than this make a split and an AUC meaningless.</summary>
    public const int MinCustomers = 20;

    /// <summary>Each of train, validation and test needs both kinds of customer.</summary>
    public const int MinPerClass = 5;

    public string Task => ModelTask.Churn;

    public IReadOnlyList<string> Algorithms => ChurnFitOptions.Algorithms;

    public TrainingOutcome Train(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Algorithms.Contains(request.Algorithm, StringComparer.Ordinal))
        {
            throw new InvalidTrainingRequestException(
                $"Unknown churn algorithm '{request.Algorithm}'. Accepted: {string.Join(", ", Algorithms)}.");
        }

        var settings = ChurnSettings.Parse(request.Algorithm, request.Hyperparameters, request.Seed);
        request.Progress?.Report(new TrainingProgress("labelling customers", 0));
        var dataset = Label(request, settings.ChurnDays);
        var (train, validation, test) = Split(dataset, request.Seed);

        request.Progress?.Report(new TrainingProgress("fitting on training customers", 10));
        var classifier = ChurnClassifier.Fit(train, settings.Fit);
        var validationLabels = validation.Select(e => e.Churned).ToList();
        var validationScores = classifier.Probabilities(validation);
        var method = validationLabels.Distinct().Count() < 2
            ? CalibrationMethod.None
            : settings.CalibrationMethod ?? ProbabilityCalibrator.Choose(validationScores, validationLabels, request.Seed);
        var calibrator = ProbabilityCalibrator.Fit(method, validationScores, validationLabels);
        var evaluated = new ChurnModel(classifier, calibrator, settings.Policy, dataset.Cutoff, []);
        var metrics = new Dictionary<string, double>(TestMetrics(evaluated, dataset, test), StringComparer.Ordinal)
        {
            ["customers_trained"] = train.Count,
            ["customers_calibrated"] = validation.Count,
            ["features"] = classifier.Featurizer.Length,
        };

        request.Progress?.Report(new TrainingProgress("refitting on all customers", 40));
        var all = dataset.Examples;
        var final = ChurnClassifier.Fit(all, settings.Fit);
        request.Progress?.Report(new TrainingProgress("calibrating on out-of-fold scores", 55));
        var servingCalibrator = method == CalibrationMethod.None
            ? ProbabilityCalibrator.Identity
            : ProbabilityCalibrator.Fit(method, ChurnClassifier.OutOfFold(all, settings.Fit, ServingCalibrationFolds), [.. all.Select(e => e.Churned)]);
        var current = (dataset.GivenLabel
            ? all.Select(e => KeyValuePair.Create(e.CustomerId, e.Features))
            : ChurnFeatureBuilder.AsOf(GuestCheckouts.Remove(request.Data), dataset.End)).ToList();
        var model = new ChurnModel(final, servingCalibrator, settings.Policy, dataset.End, current);
        var resolved = new Dictionary<string, string>(settings.Resolved, StringComparer.Ordinal)
        {
            [ChurnSettings.CalibrationKey] = ProbabilityCalibrator.Name(method),
        };
        request.Progress?.Report(new TrainingProgress("done", 100));
        // The population the served model scores (every customer as of the data's end, as the monitor describes the
        // live window), not the labelled customers as of the label cutoff churn_days earlier: unchanged data is no drift.
        var reference = ChurnReferenceFeatures.Observe([.. current.Select(c => c.Value)], model);
        return new TrainingOutcome(model, metrics, resolved, reference.NumericInputs(), dataset.Cutoff) { Reference = reference, EvaluatedModel = evaluated };
    }

    /// <summary>
    /// The held-out metrics of any churn model on the request's test customers (the same label, churn
    /// window and seeded split as <see cref="Train"/>). The label is one window from the cutoff, so the
    /// held-out set cannot be cut by day; <paramref name="from"/> keeps only the test customers first seen
    /// from then on (<see cref="HeldOutSince"/>): those a model fit on the customers known before it never saw.
    /// </summary>
    public IReadOnlyDictionary<string, double> Evaluate(ITrainedModel model, TrainingRequest request, DateTime? from = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        if (model is not ChurnModel churn)
        {
            throw new ModelNotScorableException($"A {model.Task} model ({model.Algorithm}) cannot be scored as a churn model.");
        }

        var settings = ChurnSettings.Parse(request.Algorithm, request.Hyperparameters, request.Seed);
        var dataset = Label(request, settings.ChurnDays);
        var test = Split(dataset, request.Seed).Test;
        return TestMetrics(churn, dataset, from is { } since ? HeldOutSince(request.Data, test, since) : test);
    }

    /// <summary>
    /// The test customers first seen at or after <paramref name="since"/> (their first order, or their sign-up when they
    /// have none), when at least <see cref="MinPerClass"/> of each kind are left; else not scorable, saying how many were.
    /// </summary>
    private static IReadOnlyList<ChurnExample> HeldOutSince(ShopData data, IReadOnlyList<ChurnExample> test, DateTime since)
    {
        var firstOrder = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var order in data.Orders)
        {
            if (!firstOrder.TryGetValue(order.CustomerId, out var first) || order.OrderedAt < first)
            {
                firstOrder[order.CustomerId] = order.OrderedAt;
            }
        }

        var signup = data.Customers.ToDictionary(c => c.CustomerId, c => c.SignupAt, StringComparer.Ordinal);
        var kept = test
            .Where(e => (firstOrder.TryGetValue(e.CustomerId, out var first) ? first : signup.GetValueOrDefault(e.CustomerId, DateTime.MinValue)) >= since)
            .ToList();
        var churned = kept.Count(e => e.Churned);
        if (churned < MinPerClass || kept.Count - churned < MinPerClass)
        {
            throw new ModelNotScorableException(
                $"{kept.Count} of the {test.Count} held-out customers were first seen from {since:yyyy-MM-dd} on ({churned} churned, {kept.Count - churned} stayed); " +
                $"scoring on them needs at least {MinPerClass} of each kind.");
        }

        return kept;
    }

    /// <summary>Train 60%, validation 20%, test 20% of the labelled customers, stratified, by the seed.</summary>
    private static (IReadOnlyList<ChurnExample> Train, IReadOnlyList<ChurnExample> Validation, IReadOnlyList<ChurnExample> Test) Split(ChurnDataset dataset, int seed)
    {
        var (trainValidation, test) = CustomerSplit.Stratified(dataset.Examples, TestFraction, seed);
        var (train, validation) = CustomerSplit.Stratified(trainValidation, ValidationFraction, seed);
        return (train, validation, test);
    }

    /// <summary>Metrics of calibrated probabilities on the test customers, with the uncalibrated Brier score and log loss beside them.</summary>
    private static Dictionary<string, double> TestMetrics(ChurnModel model, ChurnDataset dataset, IReadOnlyList<ChurnExample> test)
    {
        var testLabels = test.Select(e => e.Churned).ToList();
        var raw = model.Classifier.Probabilities(test);
        return new Dictionary<string, double>(ClassificationMetrics.Compute(testLabels, [.. raw.Select(model.Calibrator.Apply)]), StringComparer.Ordinal)
        {
            ["brier_uncalibrated"] = ClassificationMetrics.Brier(testLabels, raw),
            ["log_loss_uncalibrated"] = ClassificationMetrics.LogLoss(testLabels, raw),
            ["churn_rate"] = dataset.ChurnRate,
            ["customers_evaluated"] = test.Count,
        };
    }

    public ITrainedModel Load(string algorithm, Stream stream)
    {
        if (!Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown churn algorithm '{algorithm}'. Accepted: {string.Join(", ", Algorithms)}.", nameof(algorithm));
        }

        return ChurnModelFormat.Read(stream, algorithm);
    }

    private static ChurnDataset Label(TrainingRequest request, int churnDays)
    {
        ChurnDataset dataset;
        try
        {
            dataset = ChurnLabeler.ForTraining(request.Data, churnDays);
        }
        catch (ArgumentException error)
        {
            throw new InvalidTrainingRequestException(error.Message);
        }

        var churned = dataset.Examples.Count(e => e.Churned);
        var stayed = dataset.Examples.Count - churned;
        if (dataset.Examples.Count < MinCustomers || churned < MinPerClass || stayed < MinPerClass)
        {
            var population = dataset.GivenLabel ? "labelled customers" : $"customers with an order before the churn cutoff {dataset.Cutoff:yyyy-MM-dd}";
            var hint = dataset.GivenLabel ? string.Empty : $" A shorter '{ChurnSettings.ChurnDaysKey}' or more history helps.";
            throw new InvalidTrainingRequestException(
                $"The shop '{request.Data.Name}' has {dataset.Examples.Count} {population} ({churned} churned, {stayed} stayed); training needs " +
                $"at least {MinCustomers}, with {MinPerClass} of each kind.{hint}");
        }

        return dataset;
    }
}
