using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;

namespace EcommerceMl.Operator.Retention;

/// <summary>
/// Retention of one model's versions. The Model reconciler's one call, once per reconcile after its status is written:
/// <code>
/// if (await VersionRetention.ApplyAsync(model, cluster, watchNamespace ?? ICluster.AllNamespaces, store, time.GetUtcNow(), ct) is { } outcome)
/// {
///     // outcome.Deleted non-empty → a Normal Event with outcome.Describe(); outcome.HasErrors → a Warning Event.
/// }
/// </code>
/// The overload with plain values lists the model's versions, plans with <see cref="RetentionPlanner"/> and deletes
/// each doomed version through <see cref="IModelStore.DeleteVersionAsync"/>. Errors of the cluster or the store
/// are reported in the outcome, never thrown: retention is housekeeping and must not fail the reconcile that keeps
/// the model trained. Only cancellation propagates.
/// </summary>
public static class VersionRetention
{
    /// <summary>
    /// <paramref name="model"/>'s <c>spec.retention</c> applied: null when it is not set (nothing listed, nothing
    /// deleted); otherwise the versions in use by any ModelDeployment in <paramref name="listNamespace"/>
    /// (<see cref="ICluster.AllNamespaces"/> unless the operator may list only its watched namespace), then
    /// <see cref="ApplyAsync(string, int?, int?, IReadOnlyDictionary{string, string}, IModelStore, DateTimeOffset, CancellationToken)"/>.
    /// When what is in use cannot be read, nothing is deleted.
    /// </summary>
    public static async Task<RetentionOutcome?> ApplyAsync(
        Model model, ICluster cluster, string listNamespace, IModelStore store, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cluster);
        if (model.Spec.Retention is not { } retention || (retention.KeepLast is null && retention.KeepDays is null))
        {
            return null;
        }

        var name = model.Metadata.Name;
        IReadOnlyDictionary<string, string> inUse;
        try
        {
            inUse = await VersionsInUse.FindAsync(cluster, name, listNamespace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var policy = new RetentionPolicy(retention.KeepLast, retention.KeepDays);
            return new RetentionOutcome(RetentionPlanner.Plan(name, [], policy, new Dictionary<string, string>(), now), [], [],
                $"cannot read which versions of {name} the ModelDeployments use: {e.Message}");
        }

        return await ApplyAsync(name, retention.KeepLast, retention.KeepDays, inUse, store, now, cancellationToken).ConfigureAwait(false);
    }

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
/// failed, and <see cref="ListError"/> when the versions, or the ModelDeployments that use them, could not be listed (then nothing was deleted).
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
