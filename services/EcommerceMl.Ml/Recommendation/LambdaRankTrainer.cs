using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>LightGBM LambdaRank settings of the two-stage model's ranker.</summary>
internal sealed record LambdaRankOptions(int Trees, int Leaves, double LearningRate, int MinRowsPerLeaf, int Seed);

/// <summary>
/// The adapter to ML.NET's LightGBM: trains a LambdaRank model on feature rows grouped by customer
/// and copies its trees out into a <see cref="TreeEnsemble"/>. Only training touches ML.NET;
/// serving walks the copied trees, so a request never goes through a PredictionEngine.
/// One LightGBM thread: the same rows and seed give the same trees.
/// </summary>
internal static class LambdaRankTrainer
{
    public static TreeEnsemble Train(IReadOnlyList<float[]> rows, IReadOnlyList<float> labels, IReadOnlyList<uint> groups, LambdaRankOptions options) =>
        Extract(FitModel(new MLContext(options?.Seed), rows, labels, groups, options!).LastTransformer.Model.TrainedTreeEnsemble, StageOne.FeatureCount);

    /// <summary>The trained ML.NET model itself (the tests score with it to check the copied trees).</summary>
    internal static TransformerChain<RankingPredictionTransformer<LightGbmRankingModelParameters>> FitModel(
        MLContext ml, IReadOnlyList<float[]> rows, IReadOnlyList<float> labels, IReadOnlyList<uint> groups, LambdaRankOptions options)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Count == 0 || rows.Count != labels.Count || rows.Count != groups.Count)
        {
            throw new ArgumentException($"The ranker needs matching, non-empty rows, labels and groups; got {rows.Count}, {labels.Count}, {groups.Count}.", nameof(rows));
        }

        var data = Load(ml, rows, labels, groups);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(RankRow.Group))
            .Append(ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(RankRow.Label),
                FeatureColumnName = nameof(RankRow.Features),
                RowGroupColumnName = nameof(RankRow.Group),
                NumberOfIterations = options.Trees,
                NumberOfLeaves = options.Leaves,
                LearningRate = options.LearningRate,
                MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
                Seed = options.Seed,
                NumberOfThreads = 1,
                Silent = true,
                Verbose = false,
            }));
        return pipeline.Fit(data);
    }

    internal static IDataView Load(MLContext ml, IReadOnlyList<float[]> rows, IReadOnlyList<float> labels, IReadOnlyList<uint> groups) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows.Count).Select(i => new RankRow { Label = labels[i], Features = rows[i], Group = groups[i] }));

    /// <summary>Copies ML.NET's trees; weights folded into the leaves. Categorical splits are never trained here (every feature is numeric).</summary>
    internal static TreeEnsemble Extract(Microsoft.ML.Trainers.FastTree.RegressionTreeEnsemble ensemble, int featureCount)
    {
        var trees = new List<TreeEnsemble.Tree>(ensemble.Trees.Count);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var weight = ensemble.TreeWeights[t];
            if (tree.CategoricalSplitFlags.Any(flag => flag))
            {
                throw new InvalidOperationException("The ranker learned a categorical split; the two-stage model only scores numeric splits.");
            }

            trees.Add(new TreeEnsemble.Tree(
                [.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds],
                [.. tree.LeafValues.Select(v => v * weight)]));
        }

        return new TreeEnsemble(featureCount, ensemble.Bias, trees);
    }

    internal sealed class RankRow
    {
        public float Label { get; set; }

        [VectorType(StageOne.FeatureCount)]
        public float[] Features { get; set; } = [];

        public uint Group { get; set; }
    }
}
