namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// One feature's values on one side of a comparison: numbers, or category labels. The same
/// extractor produces them at training (for the reference profile) and on the live window, so both
/// sides are measured alike.
/// </summary>
public sealed record FeatureValues
{
    private FeatureValues(double[]? numbers, string[]? categories, int? groups = null)
    {
        Numbers = numbers;
        Categories = categories;
        Groups = groups;
    }

    public double[]? Numbers { get; }

    public string[]? Categories { get; }

    public bool IsNumeric => Numbers is not null;

    public int Count => Numbers?.Length ?? Categories!.Length;

    /// <summary>
    /// How many independent units the values come from, when several come from one (a customer's ten
    /// recommendations): such values are not independent rows, so <see cref="DriftCheck"/> judges them only with
    /// <see cref="DriftSettings.MinGroups"/> units. Null: every value is its own unit.
    /// </summary>
    public int? Groups { get; }

    public static FeatureValues Numeric(double[] values) => new(values ?? throw new ArgumentNullException(nameof(values)), null);

    /// <summary>Numbers that come <paramref name="groups"/> units at a time (e.g. the recommendations of so many customers).</summary>
    public static FeatureValues Numeric(double[] values, int groups) => new(values ?? throw new ArgumentNullException(nameof(values)), null, groups);

    public static FeatureValues Categorical(string[] values) => new(null, values ?? throw new ArgumentNullException(nameof(values)));
}
