namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// One feature's values on one side of a comparison: numbers, or category labels. The same
/// extractor produces them at training (for the reference profile) and on the live window, so both
/// sides are measured alike.
/// </summary>
public sealed record FeatureValues
{
    private FeatureValues(double[]? numbers, string[]? categories)
    {
        Numbers = numbers;
        Categories = categories;
    }

    public double[]? Numbers { get; }

    public string[]? Categories { get; }

    public bool IsNumeric => Numbers is not null;

    public int Count => Numbers?.Length ?? Categories!.Length;

    public static FeatureValues Numeric(double[] values) => new(values ?? throw new ArgumentNullException(nameof(values)), null);

    public static FeatureValues Categorical(string[] values) => new(null, values ?? throw new ArgumentNullException(nameof(values)));
}
