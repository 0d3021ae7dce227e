namespace EcommerceMl.Contracts;

/// <summary>
/// The hyperparameter keys of every algorithm (<c>spec.hyperparameters</c>, <c>ecml train --hp key=value</c>),
/// one class per algorithm. Defaults and ranges stay with the algorithm in EcommerceMl.Ml: they are how it
/// fits, not what callers may send.
/// </summary>
public static class HyperparameterKeys
{
    /// <summary>
    /// Implicit feedback, shared by the recommenders that take it: how much a product view and a cart add weigh
    /// against a purchase (1), and the half-life in days of an interaction's weight (0 = no decay).
    /// </summary>
    public static class ImplicitFeedback
    {
        public const string ViewWeight = "view_weight";
        public const string CartWeight = "cart_weight";
        public const string HalfLifeDays = "half_life_days";

        public static IReadOnlyList<string> All { get; } = [ViewWeight, CartWeight, HalfLifeDays];
    }

    public static class Popularity
    {
        public const string WindowDays = "window_days";

        public static IReadOnlyList<string> All { get; } = [WindowDays, .. ImplicitFeedback.All];
    }

    public static class ItemCosine
    {
        public const string Neighbors = "neighbors";
        public const string Shrinkage = "shrinkage";
        public const string MinCoBuyers = "min_co_buyers";

        public static IReadOnlyList<string> All { get; } = [Neighbors, Shrinkage, MinCoBuyers, .. ImplicitFeedback.All];
    }

    public static class Ease
    {
        public const string Lambda = "lambda";

        /// <summary>How many of the most-bought products EASE models; the rest are answered by popularity.</summary>
        public const string MaxProducts = "max_products";

        public static IReadOnlyList<string> All { get; } = [Lambda, MaxProducts];
    }

    public static class Als
    {
        public const string Factors = "factors";
        public const string Iterations = "iterations";
        public const string Regularization = "regularization";
        public const string Alpha = "alpha";
        public const string CgSteps = "cg_steps";
        public const string Seed = "seed";

        public static IReadOnlyList<string> All { get; } = [Factors, Iterations, Regularization, Alpha, CgSteps, Seed];
    }

    public static class TwoStage
    {
        public const string Candidates = "candidates";
        public const string ValidationShare = "validation_share";
        public const string ValidationRounds = "validation_rounds";
        public const string EarlyStoppingShare = "early_stopping_share";
        public const string EarlyStoppingStep = "early_stopping_step";
        public const string Trees = "trees";
        public const string Leaves = "leaves";
        public const string LearningRate = "learning_rate";
        public const string MinLeafRows = "min_leaf_rows";
        public const string UseEase = "ease";
        public const string RandomValidation = "random_validation";
        public const string FusedWeight = "fused_weight";
        public const string Rankers = "rankers";
        public const string Seed = "seed";

        /// <summary>The largest catalogue on which EASE is a candidate generator.</summary>
        public const string EaseMaxProducts = "ease_max_products";

        /// <summary>Customers per validation round whose candidates become ranker rows.</summary>
        public const string RankerCustomers = "ranker_customers";

        public static IReadOnlyList<string> All { get; } =
        [
            Candidates, ValidationShare, ValidationRounds, EarlyStoppingShare, EarlyStoppingStep,
            Trees, Leaves, LearningRate, MinLeafRows, UseEase, RandomValidation, FusedWeight, Rankers, Seed,
            EaseMaxProducts, RankerCustomers,
        ];
    }

    public static class SeasonalNaive
    {
        public const string Season = "season";
        public const string IntervalWindowDays = "interval_window_days";

        public static IReadOnlyList<string> All { get; } = [Season, IntervalWindowDays];
    }

    public static class Ets
    {
        public const string Season = SeasonalNaive.Season;
        public const string Conformal = "conformal";
        public const string Calendar = "calendar";
        public const string Transform = "transform";
        public const string FitHorizon = "fit_horizon";
        public const string Yearly = "yearly";

        public static IReadOnlyList<string> All { get; } = [Season, Conformal, Calendar, Transform, FitHorizon, Yearly];
    }

    public static class LightGbmDemand
    {
        public const string Calendar = Ets.Calendar;
        public const string MaxHorizon = "max_horizon";
        public const string Trees = "trees";
        public const string Leaves = "leaves";
        public const string LearningRate = "learning_rate";
        public const string MinRowsPerLeaf = "min_rows_per_leaf";
        public const string OriginStride = "origin_stride";
        public const string HorizonSample = "horizon_sample";
        public const string CalibrationDays = "calibration_days";
        public const string Refit = "refit";
        public const string TrendThreshold = "trend_threshold";

        public static IReadOnlyList<string> All { get; } =
            [Calendar, MaxHorizon, Trees, Leaves, LearningRate, MinRowsPerLeaf, OriginStride, HorizonSample, CalibrationDays, Refit, TrendThreshold];
    }

    /// <summary>Both churn algorithms read the common keys; <c>logistic</c> adds <c>l2</c>, <c>lightgbm</c> its tree keys.</summary>
    public static class Churn
    {
        public const string ChurnDays = "churn_days";
        public const string MinCategoryCount = "min_category_count";
        public const string Calibration = "calibration";
        public const string RiskMedium = "risk_medium";
        public const string RiskHigh = "risk_high";
        public const string ActionLow = "action_low";
        public const string ActionMedium = "action_medium";
        public const string ActionHigh = "action_high";
        public const string L2 = "l2";
        public const string Trees = "trees";
        public const string Leaves = "leaves";
        public const string LearningRate = "learning_rate";
        public const string MinLeafRows = "min_leaf_rows";

        public static IReadOnlyList<string> Common { get; } =
            [ChurnDays, MinCategoryCount, Calibration, RiskMedium, RiskHigh, ActionLow, ActionMedium, ActionHigh];

        public static IReadOnlyList<string> Logistic { get; } = [.. Common, L2];

        public static IReadOnlyList<string> LightGbm { get; } = [.. Common, Trees, Leaves, LearningRate, MinLeafRows];
    }

    /// <summary>
    /// BM25 over the catalogue: term-frequency saturation <c>k1</c>, length normalisation <c>b</c>, and how much a
    /// match in each field weighs (BM25F-style, summed over the fields).
    /// </summary>
    public static class Bm25
    {
        public const string K1 = "k1";
        public const string B = "b";
        public const string NameWeight = "name_weight";
        public const string CategoryWeight = "category_weight";
        public const string DescriptionWeight = "description_weight";
        public const string AttributesWeight = "attributes_weight";

        public static IReadOnlyList<string> All { get; } = [K1, B, NameWeight, CategoryWeight, DescriptionWeight, AttributesWeight];
    }

    /// <summary>
    /// BM25 (its keys above) as the first stage, re-ranked by LightGBM LambdaRank learnt from search sessions: how many
    /// candidates are re-ranked, the days of searches before the held-out window the ranker trains on, the pseudo-searches
    /// the click and purchase rates are shrunk by, the recommendation algorithm customer affinity comes from
    /// (<c>none</c> for none), the popularity weight when there are no sessions, and the trees.
    /// </summary>
    public static class Bm25Ltr
    {
        public const string Candidates = "candidates";
        public const string RankerDays = "ranker_days";
        public const string Smoothing = "smoothing";
        public const string Affinity = "affinity";
        public const string PopularityWeight = "popularity_weight";
        public const string Trees = "trees";
        public const string Leaves = "leaves";
        public const string LearningRate = "learning_rate";
        public const string MinLeafRows = "min_leaf_rows";

        public static IReadOnlyList<string> All { get; } =
            [.. Bm25.All, Candidates, RankerDays, Smoothing, Affinity, PopularityWeight, Trees, Leaves, LearningRate, MinLeafRows];
    }
}
