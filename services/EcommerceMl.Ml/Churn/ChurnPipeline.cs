using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The churn task: the behavioural label of <see cref="ChurnLabeler"/>, a seeded 80/20 split by
/// customer stratified by label, logistic regression fit on the 80% and judged on the 20% it never
/// saw, then refit on every labelled customer and served with features as of the end of the data.
/// </summary>
public sealed class ChurnPipeline : ITaskPipeline
{
    public const string ChurnDaysKey = "churn_days";
    public const string L2Key = "l2";
    public const string RiskMediumKey = "risk_medium";
    public const string RiskHighKey = "risk_high";

    public const double TestFraction = 0.2;

    /// <summary>Fewer labelled customers than this make a split and an AUC meaningless.</summary>
    public const int MinCustomers = 20;

    private static readonly string[] KnownHyperparameters = [ChurnDaysKey, L2Key, RiskMediumKey, RiskHighKey];

    public string Task => ModelTask.Churn;

    public IReadOnlyList<string> Algorithms { get; } = [LogisticChurnModel.AlgorithmName];

    public TrainingOutcome Train(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Algorithms.Contains(request.Algorithm, StringComparer.Ordinal))
        {
            throw new InvalidTrainingRequestException(
                $"Unknown churn algorithm '{request.Algorithm}'. Accepted: {string.Join(", ", Algorithms)}.");
        }

        var hyperparameters = new Hyperparameters(request.Algorithm, request.Hyperparameters, KnownHyperparameters);
        var churnDays = hyperparameters.GetInt(ChurnDaysKey, 60, 1, 3650);
        var l2 = hyperparameters.GetDouble(L2Key, 1.0, 0, 1e6);
        var policy = new ChurnRiskPolicy(
            hyperparameters.GetDouble(RiskMediumKey, ChurnRiskPolicy.DefaultMediumFrom, 0, 1),
            hyperparameters.GetDouble(RiskHighKey, ChurnRiskPolicy.DefaultHighFrom, 0, 1));
        if (policy.MediumFrom >= policy.HighFrom)
        {
            throw new InvalidTrainingRequestException(
                $"Hyperparameter '{RiskMediumKey}' ({policy.MediumFrom}) must be below '{RiskHighKey}' ({policy.HighFrom}).");
        }

        request.Progress?.Report(new TrainingProgress("labelling customers", 0));
        var dataset = Label(request, churnDays);
        var (train, test) = CustomerSplit.Stratified(dataset.Examples, TestFraction, request.Seed);

        request.Progress?.Report(new TrainingProgress("fitting on training customers", 20));
        var (standardizer, fit) = Fit(train, l2, request.Seed);
        var probabilities = test.Select(e => fit.Logit.Probability(standardizer.Apply(ChurnFeatureVector.ModelInput(e.Features)))).ToList();
        var metrics = new Dictionary<string, double>(
            ClassificationMetrics.Compute([.. test.Select(e => e.Churned)], probabilities), StringComparer.Ordinal)
        {
            ["churn_rate"] = dataset.ChurnRate,
            ["customers_evaluated"] = test.Count,
        };

        request.Progress?.Report(new TrainingProgress("refitting on all customers", 60));
        var (allStandardizer, allFit) = Fit(dataset.Examples, l2, request.Seed);
        var current = ChurnFeatureBuilder.AsOf(GuestCheckouts.Remove(request.Data), dataset.End);
        var model = new LogisticChurnModel(allStandardizer, allFit.Logit, policy, dataset.End, current);
        request.Progress?.Report(new TrainingProgress("done", 100));
        return new TrainingOutcome(model, metrics, hyperparameters.Resolved, ReferenceFeatures(train), dataset.Cutoff);
    }

    public ITrainedModel Load(string algorithm, Stream stream)
    {
        if (!Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown churn algorithm '{algorithm}'. Accepted: {string.Join(", ", Algorithms)}.", nameof(algorithm));
        }

        return ChurnModelFormat.Read(stream);
    }

    internal static (FeatureStandardizer Standardizer, MlNetLogisticRegression Fit) Fit(IReadOnlyList<ChurnExample> examples, double l2, int seed)
    {
        var raw = examples.Select(e => ChurnFeatureVector.ModelInput(e.Features)).ToList();
        var standardizer = FeatureStandardizer.Fit(raw);
        var fit = MlNetLogisticRegression.Fit([.. raw.Select(r => standardizer.Apply(r))], [.. examples.Select(e => e.Churned)], l2, seed);
        return (standardizer, fit);
    }

    /// <summary>The five features over the training customers, by manifest name.</summary>
    internal static Dictionary<string, double[]> ReferenceFeatures(IReadOnlyList<ChurnExample> train)
    {
        var rows = train.Select(e => ChurnFeatureVector.From(e.Features)).ToList();
        return ChurnFeatureVector.Names
            .Select((name, j) => (name, values: rows.Select(r => r[j]).ToArray()))
            .ToDictionary(f => f.name, f => f.values, StringComparer.Ordinal);
    }

    private static ChurnDataset Label(TrainingRequest request, int churnDays)
    {
        ChurnDataset dataset;
        try
        {
            dataset = ChurnLabeler.Label(request.Data, churnDays);
        }
        catch (ArgumentException error)
        {
            throw new InvalidTrainingRequestException(error.Message);
        }

        var churned = dataset.Examples.Count(e => e.Churned);
        var stayed = dataset.Examples.Count - churned;
        if (dataset.Examples.Count < MinCustomers || churned < 2 || stayed < 2)
        {
            throw new InvalidTrainingRequestException(
                $"The shop '{request.Data.Name}' has {dataset.Examples.Count} customers with an order before the churn cutoff " +
                $"{dataset.Cutoff:yyyy-MM-dd} ({churned} churned, {stayed} stayed); training needs at least {MinCustomers}, " +
                $"with two of each kind. A shorter '{ChurnDaysKey}' or more history helps.");
        }

        return dataset;
    }
}
