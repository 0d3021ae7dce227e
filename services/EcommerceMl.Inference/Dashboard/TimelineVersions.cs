using EcommerceMl.Inference.Contracts;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>A manifest as a point on a model's timeline: what triggered it and how its gate and champion comparison came out (pure).</summary>
internal static class TimelineVersions
{
    public const string Passed = "passed";
    public const string GateFailed = "gate_failed";
    public const string LostToChampion = "lost_to_champion";

    public static TimelineVersion Describe(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var outcome = manifest.Gate?.Passed == false ? GateFailed : manifest.Champion?.Passed == false ? LostToChampion : Passed;
        return new TimelineVersion(
            manifest.Version,
            manifest.CreatedAt,
            manifest.Algorithm,
            manifest.Trigger,
            manifest.TrainingJob,
            manifest.Data.To,
            manifest.Metrics,
            manifest.Gate,
            manifest.Champion,
            outcome,
            ModelVersions.IsServable(manifest),
            ModelVersions.WhyNotServable(manifest));
    }
}
