namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// How often a Model is looked at again without a cluster event: a new version or monitoring report
/// in the store is not one (a run's or a monitoring Job's end is, and brings it back sooner).
/// Schedules, ages, cool-downs and monitoring slots requeue at their own time.
/// </summary>
public sealed record ModelTiming
{
    public static ModelTiming Default { get; } = new();

    public TimeSpan StorePollInterval { get; init; } = TimeSpan.FromSeconds(60);
}
