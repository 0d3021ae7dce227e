using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The churn task's hyperparameters, validated (unknown key, bad number, unknown choice, inverted
/// thresholds → <see cref="InvalidTrainingRequestException"/> naming the key), with every value used
/// recorded for the manifest. Numbers go through <see cref="Hyperparameters"/>; the text ones
/// (calibration, actions) are read here.
/// </summary>
public sealed record ChurnSettings(int ChurnDays, string? Calibration, ChurnFitOptions Fit, ChurnRiskPolicy Policy, IReadOnlyDictionary<string, string> Resolved)
{
    public const string ChurnDaysKey = HyperparameterKeys.Churn.ChurnDays;
    public const string L2Key = HyperparameterKeys.Churn.L2;
    public const string MinCategoryCountKey = HyperparameterKeys.Churn.MinCategoryCount;
    public const string CalibrationKey = HyperparameterKeys.Churn.Calibration;
    public const string RiskMediumKey = HyperparameterKeys.Churn.RiskMedium;
    public const string RiskHighKey = HyperparameterKeys.Churn.RiskHigh;
    public const string ActionLowKey = HyperparameterKeys.Churn.ActionLow;
    public const string ActionMediumKey = HyperparameterKeys.Churn.ActionMedium;
    public const string ActionHighKey = HyperparameterKeys.Churn.ActionHigh;
    public const string TreesKey = HyperparameterKeys.Churn.Trees;
    public const string LeavesKey = HyperparameterKeys.Churn.Leaves;
    public const string LearningRateKey = HyperparameterKeys.Churn.LearningRate;
    public const string MinLeafRowsKey = HyperparameterKeys.Churn.MinLeafRows;

    /// <summary>Pick Platt or isotonic on the validation customers (<see cref="ProbabilityCalibrator.Choose"/>).</summary>
    public const string Auto = "auto";

    public static IReadOnlyList<string> Calibrations { get; } = [Auto, "platt", "isotonic", "none"];

    /// <summary>The keys each algorithm accepts.</summary>
    public static IReadOnlyList<string> KnownKeys(string algorithm) => algorithm == LightGbmChurnScorer.AlgorithmName
        ? HyperparameterKeys.Churn.LightGbm
        : HyperparameterKeys.Churn.Logistic;

    /// <summary>The chosen calibration method, or null for <see cref="Auto"/>.</summary>
    public CalibrationMethod? CalibrationMethod => Calibration is null ? null : Enum.Parse<CalibrationMethod>(Calibration, ignoreCase: true);

    public static ChurnSettings Parse(string algorithm, IReadOnlyDictionary<string, string> given, int seed)
    {
        ArgumentNullException.ThrowIfNull(given);
        var known = KnownKeys(algorithm);
        var numbers = new Hyperparameters(algorithm, given, known);
        var churnDays = numbers.GetInt(ChurnDaysKey, 60, 1, 3650);
        var minCategoryCount = numbers.GetInt(MinCategoryCountKey, 10, 1, 1_000_000);
        var fit = algorithm == LightGbmChurnScorer.AlgorithmName
            ? new ChurnFitOptions(algorithm, MinCategoryCount: minCategoryCount, Seed: seed, Trees: new LightGbmChurnOptions(
                numbers.GetInt(TreesKey, 200, 1, 10_000),
                numbers.GetInt(LeavesKey, 8, 2, 4096),
                numbers.GetDouble(LearningRateKey, 0.05, 1e-4, 1),
                numbers.GetInt(MinLeafRowsKey, 40, 1, 1_000_000)))
            : new ChurnFitOptions(algorithm, L2: numbers.GetDouble(L2Key, 1.0, 0, 1e6), MinCategoryCount: minCategoryCount, Seed: seed);
        var medium = numbers.GetDouble(RiskMediumKey, ChurnRiskPolicy.DefaultMediumFrom, 0, 1);
        var high = numbers.GetDouble(RiskHighKey, ChurnRiskPolicy.DefaultHighFrom, 0, 1);
        if (medium >= high)
        {
            throw new InvalidTrainingRequestException($"Hyperparameter '{RiskMediumKey}' ({medium}) must be below '{RiskHighKey}' ({high}).");
        }

        var resolved = new Dictionary<string, string>(numbers.Resolved, StringComparer.Ordinal);
        var calibration = Text(given, resolved, algorithm, CalibrationKey, Auto);
        if (!Calibrations.Contains(calibration, StringComparer.Ordinal))
        {
            throw new InvalidTrainingRequestException(
                $"Hyperparameter '{CalibrationKey}' of algorithm '{algorithm}' is '{calibration}'; it must be one of {string.Join(", ", Calibrations)}.");
        }

        var policy = new ChurnRiskPolicy(
            medium,
            high,
            Text(given, resolved, algorithm, ActionLowKey, ChurnRiskPolicy.DefaultLowAction),
            Text(given, resolved, algorithm, ActionMediumKey, ChurnRiskPolicy.DefaultMediumAction),
            Text(given, resolved, algorithm, ActionHighKey, ChurnRiskPolicy.DefaultHighAction));
        try
        {
            policy.Validate();
        }
        catch (ArgumentException error)
        {
            throw new InvalidTrainingRequestException($"Hyperparameters action_low/action_medium/action_high: {error.Message}");
        }

        return new ChurnSettings(churnDays, calibration == Auto ? null : calibration, fit, policy, resolved);
    }

    private static string Text(IReadOnlyDictionary<string, string> given, Dictionary<string, string> resolved, string algorithm, string key, string defaultValue)
    {
        var value = given.TryGetValue(key, out var text) ? text.Trim() : defaultValue;
        if (value.Length == 0)
        {
            throw new InvalidTrainingRequestException($"Hyperparameter '{key}' of algorithm '{algorithm}' is blank.");
        }

        resolved[key] = value;
        return value;
    }
}
