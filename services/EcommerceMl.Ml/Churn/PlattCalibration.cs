namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Platt scaling: p' = σ(a·logit(p) + b), with a and b fitted by (unregularised) logistic
/// regression of held-out labels on the model's held-out log-odds. It fixes a model that is over-
/// or under-confident, or whose base rate is off, without changing its ranking (a &gt; 0).
/// </summary>
public sealed record PlattCalibration(double Slope, double Intercept)
{
    public static PlattCalibration Fit(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var logit = LogisticRegression.Fit([.. probabilities.Select(p => new[] { LogOdds(p) })], labels, l2: 0);
        return new PlattCalibration(logit.Weights[0], logit.Bias);
    }

    public double Apply(double probability) => 1 / (1 + Math.Exp(-((Slope * LogOdds(probability)) + Intercept)));

    private static double LogOdds(double p)
    {
        var clipped = Math.Clamp(p, 1e-12, 1 - 1e-12);
        return Math.Log(clipped / (1 - clipped));
    }
}
