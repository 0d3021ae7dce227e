namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Lines live category values up with a categorical profile: a value the profile keeps counts as
/// itself; one it does not keep counts as <see cref="FeatureProfile.OtherCategory"/> when the profile
/// pooled a tail (the value may be in it), else as <see cref="FeatureProfile.UnseenCategory"/> — as
/// does a value the extractor already marked unseen. Unseen values are a column of their own, never
/// dropped: a new product range taking over is exactly the drift to catch.
/// </summary>
public static class CategoryTable
{
    /// <returns>Reference counts (shares × the reference's row count, or the shares for old profiles) and current counts, column by column.</returns>
    public static (double[] Reference, double[] Current) Build(FeatureProfile reference, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(values);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < reference.Categories.Count; i++)
        {
            columns[reference.Categories[i]] = i;
        }

        var unseen = columns.TryGetValue(FeatureProfile.UnseenCategory, out var u) ? u : columns[FeatureProfile.UnseenCategory] = columns.Count;
        var pooled = columns.TryGetValue(FeatureProfile.OtherCategory, out var other) ? other : unseen;
        var scale = reference.Count ?? 1;
        var referenceCounts = new double[columns.Count];
        for (var i = 0; i < reference.Shares.Count; i++)
        {
            referenceCounts[i] = reference.Shares[i] * scale;
        }

        var currentCounts = new double[columns.Count];
        foreach (var value in values)
        {
            currentCounts[value == FeatureProfile.UnseenCategory ? unseen : columns.GetValueOrDefault(value, pooled)]++;
        }

        return (referenceCounts, currentCounts);
    }
}
