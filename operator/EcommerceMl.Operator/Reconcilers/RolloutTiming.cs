namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// How often a ModelDeployment is looked at again without a cluster event: while a rollout is in
/// progress (its analysis window passes with no event), and while it follows <c>latest</c> or waits
/// for a version (a new version in the store is not a cluster event).
/// </summary>
public sealed record RolloutTiming
{
    public static RolloutTiming Default { get; } = new();

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan StorePollInterval { get; init; } = TimeSpan.FromSeconds(60);
}
