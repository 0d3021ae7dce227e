using EcommerceMl.Ml.Trees;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML;

namespace EcommerceMl.Ml.Churn;

/// <summary>LightGBM settings for churn. The defaults are small, regularised trees: churn tables are a few thousand rows, where LightGBM's own defaults overfit.</summary>
public sealed record LightGbmChurnOptions(int Trees = 200, int Leaves = 8, double LearningRate = 0.05, int MinRowsPerLeaf = 40);

/// <summary>
/// The adapter to ML.NET's LightGBM binary trainer: fits on feature rows of any width (the schema is
/// sized at fit time), single-threaded and seeded so a fit repeats exactly, and copies the trees and
/// the probability link out into a <see cref="LightGbmChurnScorer"/>. Only training touches ML.NET.
/// </summary>
internal static class LightGbmChurnTrainer
{
    public static LightGbmChurnScorer Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, LightGbmChurnOptions options, int seed) =>
        Copy(FitModel(new MLContext(seed), rows, labels, options, seed), rows[0].Length);

    internal static BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> FitModel(
        MLContext ml, IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, LightGbmChurnOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException($"LightGBM needs rows and as many labels; got {rows.Count} rows and {labels.Count} labels.", nameof(labels));
        }

        var data = ml.Data.LoadFromEnumerable(ToRows(rows, labels), Schema(rows[0].Length));
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfIterations = options.Trees,
            Seed = seed,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        return trainer.Fit(data);
    }

    /// <summary>ML.NET's own probabilities: the oracle the copied trees are tested against.</summary>
    internal static float[] PredictWithMlNet(MLContext ml, ITransformer model, IReadOnlyList<double[]> rows)
    {
        var data = ml.Data.LoadFromEnumerable(ToRows(rows, [.. rows.Select(_ => false)]), Schema(rows[0].Length));
        return [.. ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Select(s => s.Probability)];
    }

    internal static LightGbmChurnScorer Copy(
        BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> model, int featureCount)
    {
        var trees = TreeEnsemble.FromLightGbm(model.Model.SubModel.TrainedTreeEnsemble, featureCount);
        return new LightGbmChurnScorer(trees, model.Model.Calibrator.Slope, model.Model.Calibrator.Offset);
    }

    private static SchemaDefinition Schema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private static List<Row> ToRows(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels) =>
        [.. rows.Select((r, i) => new Row { Label = labels[i], Features = [.. r.Select(v => (float)v)] })];

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class Scored
    {
        public float Probability { get; set; }
    }
}
