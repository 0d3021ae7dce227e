using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The one place churn touches ML.NET: fits L2-regularised logistic regression with L-BFGS on
/// already standardised rows and reads the linear weights back out. Serving does not use ML.NET:
/// <see cref="LinearLogit"/> is five multiply-adds and a sigmoid (microseconds, no pipeline to
/// load, no native dependency) and the model file is a few hundred bytes, not a zip of the
/// transformer chain. ML.NET's own prediction stays available as the test oracle.
/// </summary>
internal sealed class MlNetLogisticRegression
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;

    private MlNetLogisticRegression(MLContext ml, ITransformer model, LinearLogit logit)
    {
        _ml = ml;
        _model = model;
        Logit = logit;
    }

    public LinearLogit Logit { get; }

    /// <param name="rows">Standardised feature rows, each <see cref="ChurnFeatureVector.Length"/> long.</param>
    /// <param name="l2">L2 penalty on the weights (ML.NET sums the loss over rows, so its pull weakens as data grows).</param>
    public static MlNetLogisticRegression Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double l2, int seed)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(ToRows(rows, labels));
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = (float)l2,
            L1Regularization = 0,
            NumberOfThreads = 1, // deterministic for a given seed
        });
        var model = trainer.Fit(data);

        // ML.NET's probability is its Platt calibrator over the linear score:
        // p = 1 / (1 + exp(slope·(w·z + b) + offset)); fold the calibrator into w and b.
        var linear = model.Model.SubModel;
        var platt = model.Model.Calibrator;
        var weights = linear.Weights.Select(w => -platt.Slope * (double)w).ToArray();
        var bias = (-platt.Slope * (double)linear.Bias) - platt.Offset;
        return new MlNetLogisticRegression(ml, model, new LinearLogit(weights, bias));
    }

    /// <summary>ML.NET's own probabilities for standardised rows: the oracle for <see cref="LinearLogit"/>.</summary>
    public float[] PredictWithMlNet(IReadOnlyList<double[]> rows)
    {
        var data = _ml.Data.LoadFromEnumerable(ToRows(rows, [.. rows.Select(_ => false)]));
        return [.. _ml.Data.CreateEnumerable<Scored>(_model.Transform(data), reuseRowObject: false).Select(s => s.Probability)];
    }

    private static IEnumerable<Row> ToRows(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels)
    {
        if (rows.Count != labels.Count)
        {
            throw new ArgumentException($"{rows.Count} rows but {labels.Count} labels.", nameof(labels));
        }

        return rows.Select((r, i) => new Row { Label = labels[i], Features = [.. r.Select(v => (float)v)] }).ToList();
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        [VectorType(ChurnFeatureVector.Length)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Scored
    {
        public float Probability { get; set; }
    }
}

/// <summary>p = σ(w·z + b) over standardised features z: the whole of logistic inference.</summary>
public sealed class LinearLogit
{
    private readonly double[] _weights;

    public LinearLogit(double[] weights, double bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Any(w => !double.IsFinite(w)) || !double.IsFinite(bias))
        {
            throw new ArgumentException("Logistic weights and bias must be finite.", nameof(weights));
        }

        _weights = weights;
        Bias = bias;
    }

    public ReadOnlySpan<double> Weights => _weights;

    public double Bias { get; }

    public double Probability(ReadOnlySpan<double> z)
    {
        if (z.Length != _weights.Length)
        {
            throw new ArgumentException($"Expected {_weights.Length} standardised features, got {z.Length}.", nameof(z));
        }

        var score = Bias;
        for (var j = 0; j < z.Length; j++)
        {
            score += _weights[j] * z[j];
        }

        return 1 / (1 + Math.Exp(-score));
    }
}
