using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Compares one feature's live values with its training profile, choosing the statistic that fits
/// the feature and the reference size (<see cref="DriftSettings"/>). Pure.
/// </summary>
public static class DriftCheck
{
    public static FeatureDrift Compare(string name, FeatureProfile reference, FeatureValues current, DriftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(settings);
        if (reference.IsNumeric != current.IsNumeric)
        {
            throw new ArgumentException($"Feature '{name}' is {reference.Kind} in the reference profile but the live values are {(current.IsNumeric ? "numeric" : "categorical")}.", nameof(current));
        }

        var referenceCount = reference.Count ?? 0;
        var method = MethodFor(reference, settings);
        var threshold = DriftMethods.IsTest(method) ? settings.TestAlpha : settings.Threshold;
        var sufficient = current.Count >= settings.MinSamples && (reference.Count is null || referenceCount >= settings.MinSamples)
            && (current.Groups is null || current.Groups >= settings.MinGroups);
        if (current.Count == 0)
        {
            return new FeatureDrift(name, reference.Kind, method, double.NaN, threshold, referenceCount, 0, false, false);
        }

        var score = current.IsNumeric ? NumericScore(method, reference, current.Numbers!) : CategoricalScore(method, reference, current.Categories!);
        var beyond = DriftMethods.IsTest(method) ? score < threshold : score >= threshold;
        return new FeatureDrift(name, reference.Kind, method, score, threshold, referenceCount, current.Count, sufficient, sufficient && beyond);
    }

    /// <summary>The statistic for a profile: PSI without quantiles (old manifests), else the test or the distance by reference size.</summary>
    public static string MethodFor(FeatureProfile reference, DriftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(settings);
        var small = reference.Count is { } count && count <= settings.LargeReference;
        if (reference.IsNumeric)
        {
            return reference.Quantiles is not { Count: > 0 } ? DriftMethods.Psi
                : small ? DriftMethods.KolmogorovSmirnov : DriftMethods.Wasserstein;
        }

        return small ? DriftMethods.ChiSquare : DriftMethods.JensenShannon;
    }

    private static double NumericScore(string method, FeatureProfile reference, double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return method switch
        {
            DriftMethods.Psi => PopulationStabilityIndex.Of(reference.Shares, PopulationStabilityIndex.Shares(reference.Edges, sorted)),
            DriftMethods.KolmogorovSmirnov => KolmogorovSmirnov.Test(reference.Quantiles!, reference.Count ?? reference.Quantiles!.Count, sorted).PValue,
            _ => WassersteinDistance.Normalised(reference.Quantiles!, reference.StdDev, sorted),
        };
    }

    private static double CategoricalScore(string method, FeatureProfile reference, string[] values)
    {
        var (referenceCounts, currentCounts) = CategoryTable.Build(reference, values);
        return method == DriftMethods.ChiSquare
            ? ChiSquareTest.Homogeneity(referenceCounts, currentCounts).PValue
            : JensenShannonDistance.Between(referenceCounts, currentCounts);
    }
}
