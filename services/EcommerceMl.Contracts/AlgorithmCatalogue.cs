namespace EcommerceMl.Contracts;

/// <summary>
/// The algorithms of each task (what a TrainingJob's <c>spec.algorithm</c> and <c>ecml train
/// --algorithm</c> accept) and the hyperparameter keys each reads. The trainer's pipelines implement
/// exactly these (a contract test in EcommerceMl.Ml.Tests checks it); the operator's CRD schema and
/// CEL rule are generated from them.
/// </summary>
public static class AlgorithmCatalogue
{
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
    public const string Bm25 = "bm25";
    public const string Bm25Ltr = "bm25-ltr";

    /// <summary>Algorithms by task, tasks in <see cref="ModelTask.All"/> order; the first algorithm is the default when none is named.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByTask { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [ModelTask.Recommendation] = [ItemCosine, Popularity, Ease, Als, TwoStage],
        [ModelTask.Forecast] = [SeasonalNaive, Ets, LightGbmDemand],
        [ModelTask.Churn] = [Logistic, LightGbm],
        [ModelTask.Search] = [Bm25, Bm25Ltr],
    };

    /// <summary>The hyperparameter keys each algorithm accepts; any other key is refused by the trainer.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Hyperparameters { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Popularity] = HyperparameterKeys.Popularity.All,
        [ItemCosine] = HyperparameterKeys.ItemCosine.All,
        [Ease] = HyperparameterKeys.Ease.All,
        [Als] = HyperparameterKeys.Als.All,
        [TwoStage] = HyperparameterKeys.TwoStage.All,
        [SeasonalNaive] = HyperparameterKeys.SeasonalNaive.All,
        [Ets] = HyperparameterKeys.Ets.All,
        [LightGbmDemand] = HyperparameterKeys.LightGbmDemand.All,
        [Logistic] = HyperparameterKeys.Churn.Logistic,
        [LightGbm] = HyperparameterKeys.Churn.LightGbm,
        [Bm25] = HyperparameterKeys.Bm25.All,
        [Bm25Ltr] = HyperparameterKeys.Bm25Ltr.All,
    };

    /// <summary>True when <paramref name="task"/> is a task and <paramref name="algorithm"/> is null (its default) or one of its algorithms.</summary>
    public static bool IsValid(string task, string? algorithm) =>
        ByTask.TryGetValue(task, out var algorithms) && (algorithm is null || algorithms.Contains(algorithm, StringComparer.Ordinal));

    /// <summary>The algorithm a run of <paramref name="task"/> uses when none is named.</summary>
    public static string DefaultAlgorithm(string task) =>
        ByTask.TryGetValue(task, out var algorithms)
            ? algorithms[0]
            : throw new ArgumentException($"Unknown task '{task}'. Tasks: {string.Join(", ", ModelTask.All)}.", nameof(task));
}
