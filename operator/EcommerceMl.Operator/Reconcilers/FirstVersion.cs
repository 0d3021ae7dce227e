using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Runtime;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// A ModelDeployment of a model nothing has published yet, while a Model or TrainingJob in its namespace trains the
/// first version (every start of a fresh <c>make run</c>), is waiting, not failing: its Ready condition says so with
/// <see cref="ModelDeploymentReasons.WaitingForFirstVersion"/>, and the Event is Normal, not a Warning. With no
/// version and nothing to train one it stays <see cref="ModelDeploymentReasons.NoPassingVersion"/>, a Warning.
/// </summary>
internal static class FirstVersion
{
    /// <summary>What trains <paramref name="model"/>'s first version in <paramref name="ns"/> (<c>model/NAME</c> or <c>trainingjob/NAME</c>); null when nothing does.</summary>
    public static async Task<string?> TrainerOfAsync(ICluster cluster, string ns, string model, CancellationToken cancellationToken)
    {
        if (await cluster.GetAsync<Model>(ns, model, cancellationToken).ConfigureAwait(false) is not null)
        {
            return $"model/{model}";
        }

        var trainingJobs = await cluster.ListAsync<TrainingJob>(ns, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        return trainingJobs.FirstOrDefault(t => t.Spec.Model == model && !TrainingJobPhases.IsFinished(t.Status?.Phase)) is { } job
            ? $"trainingjob/{job.Metadata.Name}"
            : null;
    }

    /// <summary>
    /// The rollout reports a missing version as a failure (a Warning, <c>lastFailureInfo</c>); while it waits for the
    /// first version its Event is Normal, and once a version resolves the wait is no failure to remember.
    /// </summary>
    public static IReadOnlyList<ClusterEvent> AsWaiting(IReadOnlyList<ClusterEvent> events, ModelDeploymentStatus status, VersionResolution resolution)
    {
        if (status.ModelStatus is { LastFailureInfo.Reason: ModelDeploymentReasons.WaitingForFirstVersion } modelStatus && resolution.Version is not null)
        {
            modelStatus.LastFailureInfo = null;
        }

        return [.. events.Select(e => e.Reason == ModelDeploymentReasons.WaitingForFirstVersion ? e with { Type = ClusterEvent.Normal } : e)];
    }
}
