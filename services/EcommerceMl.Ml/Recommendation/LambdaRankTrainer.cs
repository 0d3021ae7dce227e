using EcommerceMl.Ml.Trees;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>LightGBM LambdaRank settings of the two-stage model's ranker.</summary>
internal sealed record LambdaRankOptions(int Trees, int Leaves, double LearningRate, int MinRowsPerLeaf, int Seed, double FeatureFraction = 1, double SubsampleFraction = 1, double L2 = 0, int MaxBins = 255);

/// <summary>Ranker rows: one feature row per (query, candidate), a relevance label, and the query (group) id; a group's rows are contiguous.</summary>
internal sealed record RankingRows(List<float[]> Rows, List<float> Labels, List<uint> Groups)
{
    public static RankingRows Empty() => new([], [], []);

    public int Count => Rows.Count;
}

/// <summary>
/// The adapter to ML.NET's LightGBM: trains a LambdaRank model on feature rows grouped by customer
/// and copies its trees out into a <see cref="TreeEnsemble"/>. Only training touches ML.NET;
/// serving walks the copied trees, so a request never goes through a PredictionEngine.
/// One LightGBM thread: the same rows and seed give the same trees.
/// </summary>
internal static class LambdaRankTrainer
{
    public static TreeEnsemble Train(RankingRows training, LambdaRankOptions options) =>
        TreeEnsemble.FromLightGbm(FitModel(new MLContext(options?.Seed), training, options!).Model.TrainedTreeEnsemble, StageOne.FeatureCount);

    /// <summary>
    /// The trained ML.NET model itself (the tests score with it to check the copied trees). Early
    /// stopping is not LightGBM's (ML.NET 5 hands it validation rows without their query
    /// boundaries): <see cref="RankerEarlyStopping"/> truncates the copied trees instead.
    /// </summary>
    internal static RankingPredictionTransformer<LightGbmRankingModelParameters> FitModel(MLContext ml, RankingRows training, LambdaRankOptions options)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        Check(training, nameof(training));

        // Group ids as a key type directly: no key-mapping transform in front of the trainer.
        var groupCount = (ulong)training.Groups.Max() + 2;
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(RankRow.Label),
            FeatureColumnName = nameof(RankRow.Features),
            RowGroupColumnName = nameof(RankRow.Group),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            Seed = options.Seed,
            Booster = new GradientBooster.Options
            {
                FeatureFraction = options.FeatureFraction,
                SubsampleFraction = options.SubsampleFraction,
                SubsampleFrequency = options.SubsampleFraction < 1 ? 1 : 0,
                L2Regularization = options.L2,
            },
            MaximumBinCountPerFeature = options.MaxBins,
            NumberOfThreads = 1,
            Deterministic = true,
            Silent = true,
            Verbose = false,
        });
        return trainer.Fit(Load(ml, training, groupCount));
    }

    internal static IDataView Load(MLContext ml, RankingRows rows, ulong groupCount)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(rows);
        var schema = SchemaDefinition.Create(typeof(RankRow));
        schema[nameof(RankRow.Group)].ColumnType = new KeyDataViewType(typeof(uint), groupCount);

        // Key values are 1-based in ML.NET (0 means missing).
        return ml.Data.LoadFromEnumerable(
            Enumerable.Range(0, rows.Count).Select(i => new RankRow { Label = rows.Labels[i], Features = rows.Rows[i], Group = rows.Groups[i] + 1 }), schema);
    }

    private static void Check(RankingRows rows, string name)
    {
        if (rows.Count == 0 || rows.Count != rows.Labels.Count || rows.Count != rows.Groups.Count)
        {
            throw new ArgumentException($"The ranker needs matching, non-empty rows, labels and groups; got {rows.Rows.Count}, {rows.Labels.Count}, {rows.Groups.Count}.", name);
        }
    }

    internal sealed class RankRow
    {
        public float Label { get; set; }

        [VectorType(StageOne.FeatureCount)]
        public float[] Features { get; set; } = [];

        public uint Group { get; set; }
    }
}
