using EcommerceMl.Ml.Trees;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// The adapter to ML.NET's LightGBM regression: fits weighted feature rows (L2 loss) and copies the
/// trees out into a <see cref="TreeEnsemble"/>, so serving walks arrays and never touches ML.NET.
/// One LightGBM thread and a seed: the same rows give the same trees.
/// </summary>
internal static class DemandRegressor
{
    public static TreeEnsemble Fit(DemandRows rows, DemandOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Count < 2 * options.MinRowsPerLeaf)
        {
            throw new ArgumentException($"The demand model has {rows.Count} training rows; it needs at least {2 * options.MinRowsPerLeaf}. Give it more history or fewer held-out days.", nameof(rows));
        }

        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, DemandFeatures.Count);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows.Count).Select(i => new Row
        {
            Features = rows.Features(i).ToArray(),
            Label = rows.Labels[i],
            Weight = rows.Weights[i],
        }), schema);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            Seed = options.Seed,
            NumberOfThreads = 1,
            Silent = true,
            Verbose = false,
        });
        var model = trainer.Fit(data);
        return TreeEnsemble.FromLightGbm(model.Model.TrainedTreeEnsemble, DemandFeatures.Count);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public float Weight { get; set; }
    }
}
