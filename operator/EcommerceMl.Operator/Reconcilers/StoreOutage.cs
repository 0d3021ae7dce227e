using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>Why the store could not answer: <see cref="StoreConditions.StoreUnavailable"/> or <see cref="StoreConditions.ManifestUnreadable"/>, and what happened.</summary>
public sealed record StoreProblem(string Reason, string Message)
{
    /// <summary>Anything a store call threw: a manifest that cannot be parsed is unreadable, everything else (a refused connection, a timeout, a denied request) an unavailable store.</summary>
    public static StoreProblem From(Exception e, string location)
    {
        ArgumentNullException.ThrowIfNull(e);
        // The location too: a store URL may carry user:password@.
        var where = SecretRedaction.Redact(location);
        return e is ModelIntegrityException
            ? new StoreProblem(StoreConditions.ManifestUnreadable, $"A manifest in {where} cannot be read: {SecretRedaction.Redact(e.Message)!}")
            : new StoreProblem(StoreConditions.StoreUnavailable, $"The model store {where} cannot be reached: {SecretRedaction.Redact(e.Message)!}");
    }
}

/// <summary>
/// A ModelDeployment when the store does not answer (issue 15 item 5). Before, the reconcile threw
/// and was retried with backoff, so nothing moved: status kept a stale <c>Ready</c> and a crash-looping
/// canary kept crash-looping. Now the rollout is decided from what the status last resolved — the
/// candidate being analysed, else the serving version — so the analysis (and a rollback, which needs
/// only the cluster) goes on, nothing new starts, and the <see cref="StoreConditions.StoreAvailable"/>
/// condition says why, until the store answers again.
/// </summary>
public static class StoreOutage
{
    public static async Task<(VersionResolution Resolution, string? Worse, StoreProblem? Problem)> ResolveAsync(
        ModelDeployment md, string location, Func<Task<(VersionResolution Resolution, string? Worse)>> resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(resolve);
        try
        {
            var (resolution, worse) = await resolve().ConfigureAwait(false);
            return (resolution, worse, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var problem = StoreProblem.From(e, location);
            var remembered = md.Status?.CandidateVersion ?? md.Status?.CurrentVersion;
            var resolution = remembered is null ? VersionResolution.Missing(problem.Reason, problem.Message) : VersionResolution.Found(remembered);
            return (resolution, null, problem);
        }
    }

    /// <summary>Sets the StoreAvailable condition while there is a problem and removes it once the store answers; true when it was newly set.</summary>
    public static bool Report(ModelDeploymentStatus status, StoreProblem? problem, long? generation, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(status);
        status.Conditions ??= [];
        var had = Conditions.Find(status.Conditions, StoreConditions.StoreAvailable) is not null;
        if (problem is null)
        {
            if (had)
            {
                status.Conditions = [.. status.Conditions.Where(c => c.Type != StoreConditions.StoreAvailable)];
            }

            return false;
        }

        Conditions.Set(status.Conditions, StoreConditions.StoreAvailable, ConditionStatus.False, problem.Reason, problem.Message, generation, now);
        return !had;
    }
}

/// <summary>The condition a resource carries while the model store cannot answer for it, and its reasons.</summary>
public static class StoreConditions
{
    /// <summary>Present (False) only while the store cannot be read for the resource.</summary>
    public const string StoreAvailable = "StoreAvailable";

    public const string StoreUnavailable = "StoreUnavailable";

    public const string ManifestUnreadable = "ManifestUnreadable";
}
