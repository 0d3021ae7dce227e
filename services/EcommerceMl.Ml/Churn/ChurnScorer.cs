using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// A fitted churn classifier's raw (uncalibrated) probability over a <see cref="ChurnFeaturizer"/>
/// vector, computed from stored numbers in plain C#: no ML.NET at serving time, no pipeline, no
/// allocation per row. Safe to share between threads.
/// </summary>
public abstract class ChurnScorer
{
    public abstract string Algorithm { get; }

    public abstract int FeatureCount { get; }

    public abstract double Probability(ReadOnlySpan<double> features);

    protected void CheckWidth(ReadOnlySpan<double> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"The {Algorithm} churn scorer reads {FeatureCount} features, not {features.Length}.", nameof(features));
        }
    }
}

/// <summary>p = σ(w·z + b) with z the features standardised by training means and stds.</summary>
public sealed class LogisticChurnScorer : ChurnScorer
{
    public const string AlgorithmName = AlgorithmCatalogue.Logistic;

    public LogisticChurnScorer(FeatureStandardizer standardizer, LinearLogit logit)
    {
        ArgumentNullException.ThrowIfNull(standardizer);
        ArgumentNullException.ThrowIfNull(logit);
        if (standardizer.Length != logit.Weights.Length)
        {
            throw new ArgumentException($"{standardizer.Length} standardised features but {logit.Weights.Length} weights.", nameof(logit));
        }

        Standardizer = standardizer;
        Logit = logit;
    }

    public FeatureStandardizer Standardizer { get; }

    public LinearLogit Logit { get; }

    public override string Algorithm => AlgorithmName;

    public override int FeatureCount => Standardizer.Length;

    /// <summary>L2 logistic regression (scikit-learn's objective, C = 1/<paramref name="l2"/>) on standardised rows.</summary>
    public static LogisticChurnScorer Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double l2)
    {
        var standardizer = FeatureStandardizer.Fit(rows);
        return new LogisticChurnScorer(standardizer, LogisticRegression.Fit([.. rows.Select(r => standardizer.Apply(r))], labels, l2));
    }

    public override double Probability(ReadOnlySpan<double> features)
    {
        CheckWidth(features);
        var means = Standardizer.Means;
        var stds = Standardizer.Stds;
        var weights = Logit.Weights;
        var score = Logit.Bias;
        for (var j = 0; j < features.Length; j++)
        {
            score += weights[j] * (features[j] - means[j]) / stds[j];
        }

        return 1 / (1 + Math.Exp(-score));
    }
}

/// <summary>
/// Gradient-boosted trees copied out of ML.NET's LightGBM binary model (<see cref="LightGbmChurnTrainer"/>):
/// p = 1 / (1 + exp(slope·Σ trees + offset)), ML.NET's own link. Features are read at float precision, as LightGBM saw them.
/// </summary>
public sealed class LightGbmChurnScorer : ChurnScorer
{
    public const string AlgorithmName = AlgorithmCatalogue.LightGbm;

    private const int StackLimit = 256;

    internal LightGbmChurnScorer(TreeEnsemble trees, double slope, double offset)
    {
        ArgumentNullException.ThrowIfNull(trees);
        if (!double.IsFinite(slope) || !double.IsFinite(offset))
        {
            throw new ArgumentException("The LightGBM link's slope and offset must be finite.", nameof(slope));
        }

        Trees = trees;
        Slope = slope;
        Offset = offset;
    }

    internal TreeEnsemble Trees { get; }

    public double Slope { get; }

    public double Offset { get; }

    public int TreeCount => Trees.TreeCount;

    public override string Algorithm => AlgorithmName;

    public override int FeatureCount => Trees.FeatureCount;

    public override double Probability(ReadOnlySpan<double> features)
    {
        CheckWidth(features);
        var buffer = features.Length <= StackLimit ? stackalloc float[features.Length] : new float[features.Length];
        for (var j = 0; j < features.Length; j++)
        {
            buffer[j] = (float)features[j];
        }

        return 1 / (1 + Math.Exp((Slope * Trees.Score(buffer)) + Offset));
    }
}
