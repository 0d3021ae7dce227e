namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// What the monitor compares for one model on one stretch of data: its input features and its
/// outputs. Each task's extractor builds it at training (the reference, recorded in the manifest as
/// profiles) and on the live window, with the same code, so both sides are measured alike.
/// </summary>
/// <param name="Inputs">Input features by manifest name.</param>
/// <param name="PredictionName">The name the outputs are reported under (e.g. <c>churn_probability</c>).</param>
/// <param name="Predictions">The model's outputs on this data; null when it has none to give here.</param>
public sealed record MonitoredSample(IReadOnlyDictionary<string, FeatureValues> Inputs, string PredictionName, FeatureValues? Predictions)
{
    /// <summary>Categorical profiles keep this many categories (the rest pooled as <see cref="FeatureProfile.OtherCategory"/>): with more, the Jensen–Shannon noise at the minimum sample nears the threshold.</summary>
    public const int MaxCategories = 20;

    /// <summary>The numeric inputs as plain samples (what <see cref="Training.TrainingOutcome.ReferenceFeatures"/> held before categorical features were recorded).</summary>
    public IReadOnlyDictionary<string, double[]> NumericInputs() =>
        Inputs.Where(f => f.Value.IsNumeric).ToDictionary(f => f.Key, f => f.Value.Numbers!, StringComparer.Ordinal);

    /// <summary>Evenly strided (so deterministic) subsample of at most <paramref name="max"/> items, for costly per-row work.</summary>
    public static IReadOnlyList<T> Stride<T>(IReadOnlyList<T> items, int max)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count <= max)
        {
            return items;
        }

        var step = items.Count / (double)max;
        return [.. Enumerable.Range(0, max).Select(i => items[(int)(i * step)])];
    }
}
