using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Monitoring;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// Pure: the manifest's reference profiles from what training measured — every input the monitor
/// compares, categorical ones included (capped at <see cref="MonitoredSample.MaxCategories"/>), and
/// the model's outputs. Features without a single value are left out (nothing to compare with).
/// </summary>
internal static class ReferenceProfiles
{
    public static IReadOnlyDictionary<string, FeatureProfile> Inputs(TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Reference is not { } reference)
        {
            return outcome.ReferenceFeatures
                .Where(f => f.Value.Length > 0)
                .ToDictionary(f => f.Key, f => FeatureProfiles.FromSamples(f.Value), StringComparer.Ordinal);
        }

        return reference.Inputs
            .Where(f => f.Value.Count > 0)
            .ToDictionary(f => f.Key, f => Profile(f.Value), StringComparer.Ordinal);
    }

    public static FeatureProfile? Predictions(TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Reference?.Predictions is { Count: > 0 } predictions ? Profile(predictions) : null;
    }

    private static FeatureProfile Profile(FeatureValues values) => values.IsNumeric
        ? FeatureProfiles.FromSamples(values.Numbers!)
        : FeatureProfiles.FromCategories(values.Categories!, MonitoredSample.MaxCategories);
}
