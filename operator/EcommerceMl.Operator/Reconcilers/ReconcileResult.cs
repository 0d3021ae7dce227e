namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// What a reconcile asks of the runtime: nothing more (the next watch event brings it back), or
/// another look after a delay. Failures are exceptions, which the runtime retries with backoff.
/// </summary>
public sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
