using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// Decision 1's answer: the version serving now (<see cref="Current"/>, null when there is
/// nothing to serve), the version to roll out (<see cref="Candidate"/>, null when none), and
/// whether the resolved version is held back because it was rolled back before.
/// </summary>
public sealed record ChosenVersions(string? Current, string? Candidate, bool HeldBack);

/// <summary>
/// Decision 1, which versions: the serving one is <c>status.currentVersion</c> (a first deploy
/// serves the resolved version directly); a resolved version that differs is the candidate,
/// unless it is the one last rolled back (not retried until the spec resolves to another), or
/// <c>rollout.abort</c> is set and it is not already rolling out; none while a promoted canary still serves beside the
/// stable Deployment rolling over to it (<see cref="PromotedCanary.HoldsNewCandidates"/>).
/// </summary>
public static class VersionChoice
{
    public static ChosenVersions Decide(RolloutInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var wanted = inputs.Resolution.Version;
        var current = inputs.Deployment.Status?.CurrentVersion ?? wanted;
        // While a switch to the previous version is served by its standby, no new candidate: it would get no traffic.
        // While a promoted canary finishes its promotion, none either: it would be judged against a stable side running two versions.
        if (wanted is null || wanted == current || PreviousStandby.ServesTraffic(inputs, current) || PromotedCanary.HoldsNewCandidates(inputs, current))
        {
            return new ChosenVersions(current, null, HeldBack: false);
        }

        // rollout.abort rolls back the candidate in progress (CandidateVerdict) and starts no new one until it is cleared.
        if (inputs.Rollout.Abort == true && inputs.Deployment.Status?.CandidateVersion != wanted)
        {
            return new ChosenVersions(current, null, HeldBack: true);
        }

        return WasRolledBack(inputs.Deployment.Status, wanted)
            ? new ChosenVersions(current, null, HeldBack: true)
            : new ChosenVersions(current, wanted, HeldBack: false);
    }

    /// <summary>Whether <paramref name="version"/> is the one last rolled back (not retried until the spec resolves to another).</summary>
    public static bool WasRolledBack(ModelDeploymentStatus? status, string version) =>
        Conditions.IsTrue(status?.Conditions, ModelDeploymentConditions.RolledBack) && status?.ModelStatus?.LastFailureInfo?.Version == version;
}
