namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// The CEL rule on a TrainingJob's spec that ties <c>spec.algorithm</c> to <c>spec.task</c>: the
/// catalogue (<see cref="AlgorithmCatalogue.ByTask"/>) written as CEL. Built from the catalogue's
/// constants because it must be a constant to sit in an attribute; a contract test checks that it says
/// exactly what <see cref="AlgorithmCatalogue.ByTask"/> says.
/// </summary>
public static class TrainingAlgorithms
{
    public const string CelRule =
        "!has(self.algorithm) || "
        + "(self.task == '" + ModelTask.Recommendation + "' && self.algorithm in ['" + AlgorithmCatalogue.ItemCosine + "', '" + AlgorithmCatalogue.Popularity + "', '" + AlgorithmCatalogue.Ease + "', '" + AlgorithmCatalogue.Als + "', '" + AlgorithmCatalogue.TwoStage + "']) || "
        + "(self.task == '" + ModelTask.Forecast + "' && self.algorithm in ['" + AlgorithmCatalogue.SeasonalNaive + "', '" + AlgorithmCatalogue.Ets + "', '" + AlgorithmCatalogue.LightGbmDemand + "']) || "
        + "(self.task == '" + ModelTask.Churn + "' && self.algorithm in ['" + AlgorithmCatalogue.Logistic + "', '" + AlgorithmCatalogue.LightGbm + "']) || "
        + "(self.task == '" + ModelTask.Search + "' && self.algorithm in ['" + AlgorithmCatalogue.Bm25 + "', '" + AlgorithmCatalogue.Bm25Ltr + "'])";

    /// <summary>The same rule on a Model's spec, whose algorithm sits in <c>spec.training</c>.</summary>
    public const string ModelCelRule =
        "!has(self.training.algorithm) || "
        + "(self.task == '" + ModelTask.Recommendation + "' && self.training.algorithm in ['" + AlgorithmCatalogue.ItemCosine + "', '" + AlgorithmCatalogue.Popularity + "', '" + AlgorithmCatalogue.Ease + "', '" + AlgorithmCatalogue.Als + "', '" + AlgorithmCatalogue.TwoStage + "']) || "
        + "(self.task == '" + ModelTask.Forecast + "' && self.training.algorithm in ['" + AlgorithmCatalogue.SeasonalNaive + "', '" + AlgorithmCatalogue.Ets + "', '" + AlgorithmCatalogue.LightGbmDemand + "']) || "
        + "(self.task == '" + ModelTask.Churn + "' && self.training.algorithm in ['" + AlgorithmCatalogue.Logistic + "', '" + AlgorithmCatalogue.LightGbm + "']) || "
        + "(self.task == '" + ModelTask.Search + "' && self.training.algorithm in ['" + AlgorithmCatalogue.Bm25 + "', '" + AlgorithmCatalogue.Bm25Ltr + "'])";

    public const string CelMessage = "spec.algorithm must be an algorithm of spec.task: " + AlgorithmsByTask;

    public const string ModelCelMessage = "spec.training.algorithm must be an algorithm of spec.task: " + AlgorithmsByTask;

    private const string AlgorithmsByTask =
        ModelTask.Recommendation + ": " + AlgorithmCatalogue.ItemCosine + ", " + AlgorithmCatalogue.Popularity + ", " + AlgorithmCatalogue.Ease + ", " + AlgorithmCatalogue.Als + ", " + AlgorithmCatalogue.TwoStage + "; "
        + ModelTask.Forecast + ": " + AlgorithmCatalogue.SeasonalNaive + ", " + AlgorithmCatalogue.Ets + ", " + AlgorithmCatalogue.LightGbmDemand + "; "
        + ModelTask.Churn + ": " + AlgorithmCatalogue.Logistic + ", " + AlgorithmCatalogue.LightGbm + "; "
        + ModelTask.Search + ": " + AlgorithmCatalogue.Bm25 + ", " + AlgorithmCatalogue.Bm25Ltr;
}
