using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// ML.NET's LightGBM binary classifier over feature vectors of any length (the schema is sized at
/// fit time), for churn evaluation. Small, regularised trees: churn tables are a few thousand rows,
/// where LightGBM's defaults overfit. Single-threaded and seeded, so a fit repeats exactly.
/// </summary>
public sealed class LightGbmClassifier
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _schema;

    private LightGbmClassifier(MLContext ml, ITransformer model, SchemaDefinition schema)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
    }

    public static LightGbmClassifier Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException($"LightGBM needs rows and as many labels; got {rows.Count} rows and {labels.Count} labels.", nameof(labels));
        }

        var ml = new MLContext(seed);
        var schema = Schema(rows[0].Length);
        var data = ml.Data.LoadFromEnumerable(ToRows(rows, labels), schema);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = 40,
            LearningRate = 0.05,
            NumberOfIterations = 200,
            L2CategoricalRegularization = 1,
            Seed = seed,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        return new LightGbmClassifier(ml, trainer.Fit(data), schema);
    }

    /// <summary>Churn probabilities for the rows (LightGBM's own calibrated output).</summary>
    public double[] Predict(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var data = _ml.Data.LoadFromEnumerable(ToRows(rows, [.. rows.Select(_ => false)]), _schema);
        return [.. _ml.Data.CreateEnumerable<Scored>(_model.Transform(data), reuseRowObject: false).Select(s => (double)s.Probability)];
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
