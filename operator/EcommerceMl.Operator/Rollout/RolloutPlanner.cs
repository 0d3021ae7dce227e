namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// The ModelDeployment's rollout as a pure function of what was read, in four named decisions:
/// <see cref="VersionChoice"/> (which version serves, which is the candidate),
/// <see cref="CandidateVerdict"/> (continue, promote or roll back),
/// <see cref="WorkloadShape"/> (which versions run with how many replicas) and
/// <see cref="RolloutReport"/> (the status and Events), beside <see cref="PreviousStandby"/> (the previous version kept
/// ready). One clock: <see cref="RolloutInputs.Now"/>.
/// </summary>
public static class RolloutPlanner
{
    public static RolloutPlan Plan(RolloutInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var versions = VersionChoice.Decide(inputs);
        var verdict = CandidateVerdict.Decide(inputs, versions);
        var workloads = WorkloadShape.Decide(inputs, versions, verdict);
        var standby = PreviousStandby.Decide(inputs, versions, verdict);
        var (status, events) = RolloutReport.Decide(inputs, versions, verdict, workloads, standby);
        return new RolloutPlan(workloads.StableVersion, workloads.StableReplicas, workloads.CanaryVersion, workloads.CanaryReplicas, status, events) { Previous = standby };
    }
}
