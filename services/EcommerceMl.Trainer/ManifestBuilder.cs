using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>Pure: turns a training outcome into the manifest the store publishes (file hashes are filled in by the store).</summary>
internal static class ManifestBuilder
{
    /// <param name="eventsReceivedBefore">Where the run's read of the event sink ended (<see cref="ShopDataLoadResult.EventsReceivedBefore"/>); null when it read none.</param>
    public static ModelManifest Build(TrainerOptions options, string version, DateTimeOffset createdAt, ShopDataFingerprint fingerprint, TrainingOutcome outcome, DateTimeOffset? eventsReceivedBefore = null)
    {
        var metrics = new Dictionary<string, double>(outcome.Metrics, StringComparer.Ordinal);
        return new ModelManifest
        {
            Model = options.Model,
            Version = version,
            Task = outcome.Model.Task,
            Algorithm = outcome.Model.Algorithm,
            Hyperparameters = outcome.Hyperparameters,
            CreatedAt = createdAt,
            TrainingJob = options.TrainingJob,
            Namespace = options.Namespace,
            Trigger = options.Trigger,
            Data = new DataFingerprint(fingerprint.Source, fingerprint.Sha256, fingerprint.Rows, fingerprint.From, fingerprint.To, eventsReceivedBefore),
            Evaluation = new EvaluationInfo(outcome.EvaluationCutoff, options.HoldoutDays, options.K, options.Seed),
            Metrics = metrics,
            Gate = options.Gate?.Evaluate(metrics),
            FeatureProfile = ReferenceProfiles.Inputs(outcome),
            PredictionProfile = ReferenceProfiles.Predictions(outcome),
            Files = new Dictionary<string, string>(),
        };
    }
}
