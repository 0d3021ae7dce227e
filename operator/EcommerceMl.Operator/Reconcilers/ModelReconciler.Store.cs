using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using k8s;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// The Model and its store (issue 15 item 5). Everything a Model decides — which version is servable, whether a
/// finished run's version won, which trigger is due, which monitoring or outputs Job to start, which runs to
/// prune — rests on the store's answers, so it decides on the whole reading or not at all. Before, a store that
/// could not be read threw and the reconcile was retried in silence; worse, a manifest that could not be parsed
/// was read as "no manifest", so a finished run's version was recorded servable on its phase alone (and, being
/// recorded, never read again), and an unreadable champion was passed over for an older version. Now either
/// makes the Model hold: its status stays as last read whole, with <see cref="StoreConditions.StoreAvailable"/>
/// False saying why, nothing starts or is deleted, and it looks again with a doubling delay until the store
/// answers; then the condition goes and the reconcile picks up where it left off (every run name is
/// deterministic, so nothing starts twice).
/// </summary>
public sealed partial class ModelReconciler
{
    private static readonly TimeSpan FirstStoreRetry = TimeSpan.FromSeconds(5);

    /// <summary>What the store says of the Model, read whole.</summary>
    private sealed record StoreReading(
        ModelManifest? Servable,
        ModelManifest? Monitored,
        ModelManifest? Latest,
        string? WhyLatestNotServable,
        MonitoringReport? Report,
        IReadOnlyDictionary<string, ModelManifest> RunVersions);

    /// <summary>The store's answers, or why there are none: the store cannot be reached, or a manifest the Model needs cannot be read.</summary>
    private async Task<(StoreReading? Reading, StoreProblem? Problem)> ReadStoreAsync(
        Model model, IReadOnlyList<TrainingJob> runs, IReadOnlyList<ModelDeployment> deployments, CancellationToken cancellationToken)
    {
        var store = openStore(model.Spec.Training.Output?.Store ?? settings.Store);
        try
        {
            return (await ReadWholeAsync(store, model, runs, deployments, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, StoreProblem.From(e, store.Location));
        }
    }

    /// <summary>
    /// Servable, monitored (<see cref="MonitoredManifest"/>) and newest version, the monitored version's newest report, and
    /// the manifests of finished runs not yet in the history; a manifest among them that cannot be read throws.
    /// </summary>
    private static async Task<StoreReading> ReadWholeAsync(
        IModelStore store, Model model, IReadOnlyList<TrainingJob> runs, IReadOnlyList<ModelDeployment> deployments, CancellationToken cancellationToken)
    {
        var name = model.Metadata.Name;
        // Only versions of the Model's namespace count: another namespace's TrainingJob cannot become this Model's servable.
        var found = await store.FindServableAsync(name, scope: VersionNamespaces.Of(model.Metadata.NamespaceProperty), cancellationToken: cancellationToken).ConfigureAwait(false);
        var servable = found.Manifest;
        if (model.Status?.ServableVersion is { } champion && found.Skipped.Any(s => s.Version == champion))
        {
            // The walk passed over the servable version it found last time, and only an unreadable manifest makes it do
            // that: read it again so that throws, instead of demoting the champion to an older version.
            await store.GetManifestAsync(name, champion, cancellationToken).ConfigureAwait(false);
        }

        var ids = await store.ListVersionIdsAsync(name, cancellationToken).ConfigureAwait(false);
        var latest = ids.Count == 0 ? null : ids[^1] == servable?.Version ? servable : await store.GetManifestAsync(name, ids[^1], cancellationToken).ConfigureAwait(false);
        var monitored = await MonitoredManifest.ReadAsync(store, model, servable, deployments, cancellationToken).ConfigureAwait(false);
        var report = monitored is null
            ? null
            : (await store.ListMonitoringReportsAsync(name, monitored.Version, newest: 1, cancellationToken).ConfigureAwait(false)).Reports.LastOrDefault();

        // Manifests of finished runs not yet in the history with their outcome: read once per run, so a guess would stay.
        var recorded = (model.Status?.History ?? []).Where(h => h.Servable is not null).Select(h => h.Job).ToHashSet(StringComparer.Ordinal);
        var versions = new Dictionary<string, ModelManifest>(StringComparer.Ordinal);
        foreach (var run in runs.Where(r => TrainingJobPhases.IsFinished(r.Status?.Phase) && r.Status?.ModelVersion is not null && !recorded.Contains(r.Metadata.Name)))
        {
            var version = run.Status!.ModelVersion!;
            if ((version == servable?.Version ? servable : await store.GetManifestAsync(name, version, cancellationToken).ConfigureAwait(false)) is { } manifest)
            {
                versions[version] = manifest;
            }
        }

        var whyLatestNotServable = latest is not null && latest != servable ? ModelVersions.WhyNotServable(latest) ?? found.Skipped.FirstOrDefault()?.Reason : null;
        return new StoreReading(servable, monitored, latest, whyLatestNotServable, report, versions);
    }

    /// <summary>
    /// The store cannot answer: the status stays as last read whole, with the StoreAvailable condition (and Ready, for a
    /// Model that has none yet) saying why, a Warning Event when the reason is new, and another look after a delay that
    /// doubles with the outage's length, up to the store poll.
    /// </summary>
    private async Task<ReconcileResult> HoldAsync(Model model, StoreProblem problem, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var generation = model.Metadata.Generation;
        var status = model.Status is null ? new ModelResourceStatus() : KubernetesJson.Deserialize<ModelResourceStatus>(KubernetesJson.Serialize(model.Status));
        var conditions = status.Conditions ??= [];
        var before = Conditions.Find(conditions, StoreConditions.StoreAvailable)?.Reason;
        Conditions.Set(conditions, StoreConditions.StoreAvailable, ConditionStatus.False, problem.Reason, problem.Message, generation, now.UtcDateTime);
        if (Conditions.Find(conditions, ModelConditions.Ready) is null)
        {
            Conditions.Set(conditions, ModelConditions.Ready, ConditionStatus.False, problem.Reason, problem.Message, generation, now.UtcDateTime);
        }

        LogHolding(problem.Reason, problem.Message);
        await WriteStatusAsync(model, status, cancellationToken).ConfigureAwait(false);
        if (before != problem.Reason)
        {
            var warning = new ClusterEvent(ClusterEvent.Warning, problem.Reason, $"{problem.Message} The Model starts and deletes nothing until it answers.");
            LogEvent(warning.Reason, warning.Message);
            await cluster.RecordEventAsync(model, warning, cancellationToken).ConfigureAwait(false);
        }

        var since = Conditions.Find(conditions, StoreConditions.StoreAvailable)!.LastTransitionTime;
        return ReconcileResult.After(RetryAfter(now - new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)), _timing.StorePollInterval));
    }

    /// <summary>The store answered: the condition an outage left goes, with one Event saying so.</summary>
    private static IReadOnlyList<ClusterEvent> StoreAnswered(ModelResourceStatus status)
    {
        if (Conditions.Find(status.Conditions, StoreConditions.StoreAvailable) is not { } outage)
        {
            return [];
        }

        status.Conditions = [.. status.Conditions!.Where(c => c.Type != StoreConditions.StoreAvailable)];
        var since = outage.LastTransitionTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return [new ClusterEvent(ClusterEvent.Normal, StoreConditions.StoreAvailable, $"The model store answers again ({outage.Reason} since {since}); the Model acts on it from now.")];
    }

    /// <summary>As long as the outage has lasted so far (so the delay doubles), at least <see cref="FirstStoreRetry"/>, at most the store poll.</summary>
    private static TimeSpan RetryAfter(TimeSpan outage, TimeSpan storePoll)
    {
        var delay = outage > FirstStoreRetry ? outage : FirstStoreRetry;
        return delay < storePoll ? delay : storePoll;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Holding: the model store cannot answer for the Model ({Reason}): {Message}")]
    private partial void LogHolding(string reason, string message);
}
