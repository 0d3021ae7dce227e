namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// The tasks and the algorithms the trainer implements for each (what <c>spec.task</c> and
/// <c>spec.algorithm</c> accept). Only algorithms the trainer can run are listed: a test compares
/// this catalogue with the trainer's pipelines, so an algorithm is accepted here exactly when it ships.
/// </summary>
public static class TrainingAlgorithms
{
    public const string Recommendation = "recommendation";
    public const string Forecast = "forecast";
    public const string Churn = "churn";

    public const string Popularity = "popularity";
    public const string ItemCosine = "item-cosine";
    public const string Ease = "ease";
    public const string Als = "als";
    public const string TwoStage = "two-stage";
    public const string SeasonalNaive = "seasonal-naive";
    public const string Ets = "ets";
    public const string LightGbmDemand = "lightgbm-demand";
    public const string Logistic = "logistic";
    public const string LightGbm = "lightgbm";

    /// <summary>Algorithms by task; the first is the trainer's default when <c>spec.algorithm</c> is omitted.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByTask { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Recommendation] = [ItemCosine, Popularity, Ease, Als, TwoStage],
        [Forecast] = [SeasonalNaive, Ets, LightGbmDemand],
        [Churn] = [Logistic, LightGbm],
    };

    /// <summary>The CEL rule on the spec that ties the algorithm to its task (kept literal so it can sit in an attribute; a test checks it against <see cref="ByTask"/>).</summary>
    public const string CelRule =
        "!has(self.algorithm) || "
        + "(self.task == '" + Recommendation + "' && self.algorithm in ['" + ItemCosine + "', '" + Popularity + "', '" + Ease + "', '" + Als + "', '" + TwoStage + "']) || "
        + "(self.task == '" + Forecast + "' && self.algorithm in ['" + SeasonalNaive + "', '" + Ets + "', '" + LightGbmDemand + "']) || "
        + "(self.task == '" + Churn + "' && self.algorithm in ['" + Logistic + "', '" + LightGbm + "'])";

    public const string CelMessage =
        "spec.algorithm must be an algorithm of spec.task: "
        + Recommendation + ": " + ItemCosine + ", " + Popularity + ", " + Ease + ", " + Als + ", " + TwoStage + "; "
        + Forecast + ": " + SeasonalNaive + ", " + Ets + ", " + LightGbmDemand + "; "
        + Churn + ": " + Logistic + ", " + LightGbm;

    public static bool IsValid(string task, string? algorithm) =>
        ByTask.TryGetValue(task, out var algorithms) && (algorithm is null || algorithms.Contains(algorithm, StringComparer.Ordinal));
}
