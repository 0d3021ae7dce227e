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
            .Select(f => (f.Key, Profile: Profile(f.Value)))
            .Where(f => f.Profile is not null)
            .ToDictionary(f => f.Key, f => f.Profile!, StringComparer.Ordinal);
    }

    public static FeatureProfile? Predictions(TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Reference?.Predictions is { } predictions ? Profile(predictions) : null;
    }

    /// <summary>The profile, or null when there is no value to profile; a non-finite number (an undefined forecast) is left out rather than failing the run.</summary>
    private static FeatureProfile? Profile(FeatureValues values)
    {
        if (!values.IsNumeric)
        {
            return values.Count == 0 ? null : FeatureProfiles.FromCategories(values.Categories!, MonitoredSample.MaxCategories);
        }

        var finite = values.Numbers!.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? null : FeatureProfiles.FromSamples(finite);
    }
}
