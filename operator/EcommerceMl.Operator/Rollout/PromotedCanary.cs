using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// A promoted canary finishes its promotion as Flagger's does: the promotion moves the stable Deployment to the
/// promoted version, and until that Deployment reads as rolled out to it (<see cref="PredictorHealth.IsRolledOut"/>:
/// observedGeneration, updatedReplicas, availableReplicas) the canary Deployment keeps its Pods — and, the Service
/// selecting both tracks, its share of the requests. Then it is deleted. Deleting it at the promotion left the promoted
/// version without a Pod of its own while the stable Deployment's new Pods started: only the old version served.
/// The canary keeps its share, not all the traffic: it is sized for its share, and the stable side's old Pods serve
/// the rest as they did through the analysis. Level-triggered: read from the two Deployments each time. Pure.
/// </summary>
public static class PromotedCanary
{
    /// <summary>
    /// The canary Deployment (ours) runs <paramref name="served"/>, the version just promoted from it, and the stable
    /// Deployment does not yet read as rolled out to that version: the canary keeps serving.
    /// </summary>
    public static bool StillServes(RolloutInputs inputs, string? served)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return RunsOurs(inputs, served) && !StableRolledOut(inputs, served!);
    }

    /// <summary>The canary Deployment runs <paramref name="served"/> and the stable Deployment has rolled out to it: the canary goes now.</summary>
    public static bool Finished(RolloutInputs inputs, string? served)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return RunsOurs(inputs, served) && StableRolledOut(inputs, served!);
    }

    /// <summary>
    /// A new candidate waits while a promoted canary finishes (its analysis would compare it with a stable side that
    /// runs two versions, and it would take the canary Deployment the promoted version still serves from), unless the
    /// stable Deployment failed to roll over: then waiting could last forever, and a newer version may mend it.
    /// </summary>
    public static bool HoldsNewCandidates(RolloutInputs inputs, string? current)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return StillServes(inputs, current)
            && PredictorHealth.Of(inputs.Stable, current!, inputs.Pods, inputs.Now, inputs.AnalysisSeconds).State != RolloutState.Failed;
    }

    /// <summary>Its replicas while it finishes: as many as it runs (its last step's share), so no Pod restarts.</summary>
    public static int Replicas(RolloutInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Math.Max(1, inputs.Canary?.Spec?.Replicas ?? 1);
    }

    private static bool RunsOurs(RolloutInputs inputs, string? served) =>
        served is not null
        && inputs.Canary is { } canary
        && PredictorHealth.VersionOf(canary) == served
        && OwnerReferences.IsControlledBy(canary, inputs.Deployment);

    private static bool StableRolledOut(RolloutInputs inputs, string served) =>
        inputs.Stable is { } stable && PredictorHealth.VersionOf(stable) == served && PredictorHealth.IsRolledOut(stable);
}
