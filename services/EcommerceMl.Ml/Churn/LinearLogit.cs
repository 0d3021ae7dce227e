namespace EcommerceMl.Ml.Churn;

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
