using EcommerceMl.Artifacts;

namespace EcommerceMl.Operator.Retention;

/// <summary>
/// The entry point the Model reconciler calls once per reconcile, after its status is written:
/// <code>
/// var inUse = await VersionsInUse.FindAsync(cluster, modelName, watchNamespace ?? ICluster.AllNamespaces, ct);
/// var outcome = await VersionRetention.ApplyAsync(modelName, spec.Retention?.KeepLast, spec.Retention?.KeepDays, inUse, store, time.GetUtcNow(), ct);
/// // outcome.Deleted non-empty → a Normal Event "VersionsDeleted" with outcome.Describe(); outcome.Failed non-empty → a Warning.
/// </code>
/// Lists the model's versions, plans with <see cref="RetentionPlanner"/>, deletes each doomed version through
/// <see cref="IModelStore.DeleteVersionAsync"/>. A store error is reported in the outcome, never thrown:
/// retention is housekeeping and must not fail the reconcile that keeps the model trained. Only
/// cancellation propagates.
/// </summary>
public static class VersionRetention
{
    public static async Task<RetentionOutcome> ApplyAsync(
        string model,
        int? keepLast,
        int? keepDays,
        IReadOnlyDictionary<string, string> inUse,
        IModelStore store,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inUse);
        ArgumentNullException.ThrowIfNull(store);
        var policy = new RetentionPolicy(keepLast, keepDays);
        if (!policy.IsSet)
        {
            // Nothing could be deleted: not even a LIST.
            return new RetentionOutcome(RetentionPlanner.Plan(model, [], policy, inUse, now), [], [], null);
        }

        ModelVersionList versions;
        try
        {
            versions = await store.ListVersionsAsync(model, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new RetentionOutcome(RetentionPlanner.Plan(model, [], policy, inUse, now), [], [],
                $"cannot list the versions of {model} in {store.Location}: {e.Message}");
        }

        var plan = RetentionPlanner.Plan(model, versions, policy, inUse, now, versions.Unreadable.Select(u => u.Version));
        var deleted = new List<string>();
        var failed = new List<FailedDeletion>();
        foreach (var doomed in plan.Delete)
        {
            try
            {
                // False: someone deleted it first, which is what was wanted.
                await store.DeleteVersionAsync(model, doomed.Version, cancellationToken).ConfigureAwait(false);
                deleted.Add(doomed.Version);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed.Add(new FailedDeletion(doomed.Version, e.Message));
            }
        }

        return new RetentionOutcome(plan, deleted, failed, null);
    }
}

/// <summary>A version retention meant to delete and the store's error; the next reconcile tries again.</summary>
public sealed record FailedDeletion(string Version, string Error);

/// <summary>
/// What <see cref="VersionRetention.ApplyAsync"/> did: the plan, the versions deleted, the ones whose delete
/// failed, and <see cref="ListError"/> when the versions could not even be listed (then nothing was deleted).
/// </summary>
public sealed record RetentionOutcome(RetentionPlan Plan, IReadOnlyList<string> Deleted, IReadOnlyList<FailedDeletion> Failed, string? ListError)
{
    /// <summary>True when something went wrong: a Warning Event's worth.</summary>
    public bool HasErrors => ListError is not null || Failed.Count > 0;

    /// <summary>One sentence for an Event or a log line.</summary>
    public string Describe()
    {
        if (ListError is not null)
        {
            return $"Retention ({Plan.Policy.Describe()}) did nothing: {ListError}.";
        }

        var parts = new List<string>();
        if (Deleted.Count > 0)
        {
            parts.Add($"deleted {Deleted.Count} version(s) of {Plan.Model} ({string.Join(", ", Deleted)})");
        }

        if (Failed.Count > 0)
        {
            parts.Add($"could not delete {string.Join("; ", Failed.Select(f => $"{f.Version}: {f.Error}"))}");
        }

        parts.Add($"kept {Plan.Keep.Count}");
        return $"Retention ({Plan.Policy.Describe()}): {string.Join("; ", parts)}.";
    }
}
