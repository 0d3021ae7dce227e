using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// What the Model reconciler read before deciding: the Model, the TrainingJobs and monitoring Jobs
/// it controls, and the store's answers (servable, monitored and newest version, the newest monitoring report
/// of the monitored version, the manifests of the versions its runs published).
/// </summary>
public sealed record ModelObservations
{
    public required Model Model { get; init; }

    /// <summary>TrainingJobs the Model controls.</summary>
    public IReadOnlyList<TrainingJob> Runs { get; init; } = [];

    /// <summary>Monitoring Jobs the Model controls.</summary>
    public IReadOnlyList<V1Job> MonitoringJobs { get; init; } = [];

    public ModelManifest? Servable { get; init; }

    /// <summary>The version monitored, its reports judged by the triggers: the one the Model's ModelDeployments serve (<see cref="MonitoredVersion"/>); null: the servable one.</summary>
    public ModelManifest? Monitored { get; init; }

    /// <summary>The newest version in the store, servable or not.</summary>
    public ModelManifest? Latest { get; init; }

    /// <summary>Why the newest version is not servable, when it is not.</summary>
    public string? WhyLatestNotServable { get; init; }

    public MonitoringReport? Report { get; init; }

    /// <summary>Manifests of the versions the Model's finished runs published, by version.</summary>
    public IReadOnlyDictionary<string, ModelManifest> RunVersions { get; init; } = new Dictionary<string, ModelManifest>();

    public required DateTimeOffset Now { get; init; }

    /// <summary>The run that is not finished yet, if any (the newest, should there be two).</summary>
    public TrainingJob? ActiveRun => Runs.Where(r => r.Metadata.DeletionTimestamp is null && !TrainingJobPhases.IsFinished(r.Status?.Phase)).MaxBy(r => r.Metadata.CreationTimestamp);
}
