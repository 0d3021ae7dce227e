using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Traffic;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// Level-triggered reconcile of one ModelDeployment: read it, resolve its version in the store,
/// read both inference Deployments and their Pods, let <see cref="RolloutPlanner"/> decide
/// what should exist and what to report, write the status (the decision) and its Events first,
/// then the Service, Deployments and HPA. Writing the decision first means a reconcile cut short
/// after a promotion finishes it next time instead of starting the canary again.
/// </summary>
public sealed partial class ModelDeploymentReconciler(
    ICluster cluster,
    Func<string, IModelStore> openStore,
    WorkloadSettings settings,
    TimeProvider time,
    ILogger<ModelDeploymentReconciler> logger,
    RolloutTiming? timing = null,
    ICanaryTrafficSource? traffic = null)
{
    private readonly RolloutTiming _timing = timing ?? RolloutTiming.Default;
    private readonly ICanaryTrafficSource _traffic = traffic ?? NewDefaultTraffic();

    public async Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        var md = await cluster.GetAsync<ModelDeployment>(ns, name, cancellationToken).ConfigureAwait(false);
        if (md is null || md.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Kind"] = ModelDeployment.KindName, ["Namespace"] = ns, ["Name"] = name, ["Generation"] = md.Metadata.Generation,
        });

        var stable = await cluster.GetAsync<V1Deployment>(ns, ModelDeploymentBuilder.DeploymentName(md), cancellationToken).ConfigureAwait(false);
        var canary = await cluster.GetAsync<V1Deployment>(ns, ModelDeploymentBuilder.CanaryName(md), cancellationToken).ConfigureAwait(false);
        var pods = await cluster.ListAsync<V1Pod>(ns, ModelDeploymentBuilder.Selector(md), cancellationToken).ConfigureAwait(false);
        var (previous, previousPods) = await ReadPreviousAsync(md, cancellationToken).ConfigureAwait(false);
        // A status that lost currentVersion is read back from what serves, before anything compares against it.
        var observed = ServedVersion.WithRecoveredStatus(md, stable, pods, canary);
        // A store that does not answer is a condition, not a failed reconcile: the rollout goes on from what was last resolved.
        var (resolution, worse, storeProblem) = await StoreOutage.ResolveAsync(observed, settings.Store, () => ResolveAsync(observed, cancellationToken), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        var measured = await MeasureCanaryAsync(observed, resolution, canary, pods, now, cancellationToken).ConfigureAwait(false);
        var plan = RolloutPlanner.Plan(new RolloutInputs(observed, resolution, stable, canary, [.. pods, .. previousPods], worse, now, measured,
            previous is not null && OwnerReferences.IsControlledBy(previous, md) ? previous : null));
        IReadOnlyList<ClusterEvent> events = StoreOutage.Report(plan.Status, storeProblem, md.Metadata.Generation, now)
            ? [.. plan.Events, new ClusterEvent(ClusterEvent.Warning, storeProblem!.Reason, storeProblem.Message)]
            : plan.Events;
        events = FirstVersion.AsWaiting(events, plan.Status, resolution);

        // The Events describe the decision the status records, so they go out with it: a retry after a
        // failed apply sees the decision already recorded and does not repeat them.
        await WriteStatusAsync(md, plan.Status, cancellationToken).ConfigureAwait(false);
        foreach (var clusterEvent in events)
        {
            LogEvent(clusterEvent.Reason, clusterEvent.Message);
            await cluster.RecordEventAsync(md, clusterEvent, cancellationToken).ConfigureAwait(false);
        }

        if (resolution.FailureReason == ModelDeploymentReasons.InvalidSpec)
        {
            // Nothing the spec asks for can be built: what serves keeps serving, untouched, until the spec is mended.
            return ReconcileResult.Done;
        }

        await ApplyAsync(md, plan, stable, canary, previous, cancellationToken).ConfigureAwait(false);

        if (plan.InProgress)
        {
            return ReconcileResult.After(ProgressInterval(md));
        }

        var followsStore = (md.Spec.Version ?? ModelDeploymentSpec.Latest) == ModelDeploymentSpec.Latest || resolution.Version is null || storeProblem is not null;
        return followsStore ? ReconcileResult.After(_timing.StorePollInterval) : ReconcileResult.Done;
    }

    /// <summary>
    /// The spec's version in the store: <c>latest</c> is the servable latest (<see cref="ModelVersions.ServableLatest"/>);
    /// a pinned version must exist (pinning is an explicit choice, so its gate is not second-guessed).
    /// Also whether that version is worse than the serving one on the gate metric.
    /// </summary>
    private async Task<(VersionResolution Resolution, string? Worse)> ResolveAsync(ModelDeployment md, CancellationToken cancellationToken)
    {
        if (ServingSpecCheck.Problem(md.Spec) is { } problem)
        {
            return (VersionResolution.Missing(ModelDeploymentReasons.InvalidSpec, problem), null);
        }

        var store = openStore(settings.Store);
        var model = md.Spec.Model;
        var wanted = md.Spec.Version ?? ModelDeploymentSpec.Latest;
        // Only versions its own namespace (or one it names) published: another tenant's TrainingJob cannot become its latest.
        var scope = VersionNamespaces.Of(md.Metadata.NamespaceProperty, md.Spec.VersionNamespaces);
        ModelManifest? manifest;
        if (wanted == ModelDeploymentSpec.Latest)
        {
            // The servable latest: one LIST and, usually, one GET, not one per version.
            var found = await store.FindServableAsync(model, scope: scope, cancellationToken: cancellationToken).ConfigureAwait(false);
            manifest = found.Manifest;
            if (manifest is null)
            {
                if (found.Skipped.Count == 0 && await FirstVersion.TrainerOfAsync(cluster, md.Metadata.NamespaceProperty, model, cancellationToken).ConfigureAwait(false) is { } trainer)
                {
                    return (VersionResolution.Missing(ModelDeploymentReasons.WaitingForFirstVersion,
                        $"{store.Location} holds no version of {model} yet: {trainer} trains the first, and it is served once it passes its quality gate."), null);
                }

                var message = found.Skipped is [var newest, ..]
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"None of the {found.Skipped.Count} version(s) of {model} in {store.Location} is servable (the newest, {newest.Version}: {newest.Reason}); waiting for one that passes its quality gate.")
                    : $"{store.Location} holds no version of {model} yet, and no Model or running TrainingJob in {md.Metadata.NamespaceProperty} trains it; waiting for one.";
                return (VersionResolution.Missing(ModelDeploymentReasons.NoPassingVersion, message), null);
            }
        }
        else
        {
            try
            {
                manifest = await store.GetManifestAsync(model, wanted, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelIntegrityException e)
            {
                // A pinned version whose manifest cannot be read is as unservable as a missing one; retrying cannot fix it.
                return (VersionResolution.Missing(ModelDeploymentReasons.VersionNotFound, $"spec.version {wanted}: {e.Message}"), null);
            }

            if (manifest is null)
            {
                return (VersionResolution.Missing(ModelDeploymentReasons.VersionNotFound,
                    $"spec.version {wanted}: {store.Location} holds no such version of {model}."), null);
            }

            if (scope.WhyRefused(manifest) is { } refused)
            {
                return (VersionResolution.Missing(ModelDeploymentReasons.VersionNotInNamespace,
                    $"spec.version {wanted}: {refused}; list its namespace in spec.versionNamespaces to serve it."), null);
            }
        }

        var current = md.Status?.CurrentVersion;
        var worse = current == manifest.Version ? null : GateComparison.WorseBecause(current, manifest);
        return (VersionResolution.Found(manifest.Version), worse);
    }

    /// <summary>The standby Deployment keeping the previous version ready (rollout.keepPrevious), when this ModelDeployment owns one, and its Pods.</summary>
    private async Task<(V1Deployment? Deployment, IReadOnlyList<V1Pod> Pods)> ReadPreviousAsync(ModelDeployment md, CancellationToken cancellationToken)
    {
        var ns = md.Metadata.NamespaceProperty;
        var previous = await cluster.GetAsync<V1Deployment>(ns, ModelDeploymentBuilder.PreviousName(md), cancellationToken).ConfigureAwait(false);
        if (previous is null || !OwnerReferences.IsControlledBy(previous, md))
        {
            // Another's Deployment of that name is left alone (and refused by name if keepPrevious asks for one).
            return (previous, []);
        }

        return (previous, await cluster.ListAsync<V1Pod>(ns, ModelDeploymentBuilder.PreviousSelector(md), cancellationToken).ConfigureAwait(false));
    }

    private async Task ApplyAsync(ModelDeployment md, RolloutPlan plan, V1Deployment? stable, V1Deployment? canary, V1Deployment? previous, CancellationToken cancellationToken)
    {
        var ns = md.Metadata.NamespaceProperty;
        if (plan.StableVersion is null)
        {
            return;
        }

        // The Service first: a switch to the standby takes the traffic before the stable Deployment rolls back behind it,
        // and the switch back happens only once the stable Deployment serves, before the standby moves on.
        await EnsureServiceAsync(md, plan.Previous.ServesTraffic, cancellationToken).ConfigureAwait(false);
        var minReplicas = md.Spec.Autoscaling?.MinReplicas ?? AutoscalingSpec.DefaultMinReplicas;
        var stableReplicas = plan.StableReplicas ?? stable?.Spec?.Replicas ?? minReplicas;
        await EnsureDeploymentAsync(md, ModelDeploymentBuilder.BuildDeployment(md, plan.StableVersion, settings, stableReplicas), stable, cancellationToken).ConfigureAwait(false);
        if (plan.CanaryVersion is not null)
        {
            var desired = ModelDeploymentBuilder.BuildDeployment(md, plan.CanaryVersion, settings, plan.CanaryReplicas, canary: true);
            await EnsureDeploymentAsync(md, desired, canary, cancellationToken).ConfigureAwait(false);
        }
        else if (canary is not null && OwnerReferences.IsControlledBy(canary, md))
        {
            await cluster.DeleteAsync<V1Deployment>(ns, canary.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Previous.Version is { } previousVersion)
        {
            var desired = ModelDeploymentBuilder.BuildPreviousDeployment(md, previousVersion, settings, plan.Previous.Replicas);
            await EnsureDeploymentAsync(md, desired, previous, cancellationToken).ConfigureAwait(false);
        }
        else if (previous is not null && OwnerReferences.IsControlledBy(previous, md))
        {
            await cluster.DeleteAsync<V1Deployment>(ns, previous.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }

        await EnsureAutoscalerAsync(md, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureDeploymentAsync(ModelDeployment md, V1Deployment desired, V1Deployment? existing, CancellationToken cancellationToken)
    {
        var version = PredictorHealth.VersionOf(desired)!;
        var hash = OwnedObjects.Hash(new { desired.Spec.Template, desired.Spec.Strategy, desired.Spec.RevisionHistoryLimit });
        OwnedObjects.Annotate(desired, OwnedObjects.HashAnnotation, hash);
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (existing is null)
        {
            OwnedObjects.Annotate(desired, PredictorHealth.RolloutStartedAnnotation, now);
            await CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            return;
        }

        OwnedObjects.EnsureControlledBy(existing, md);
        if (OwnedObjects.HashOf(existing) == hash && existing.Spec.Replicas == desired.Spec.Replicas && OwnedObjects.SameLabels(existing, desired))
        {
            return;
        }

        if (PredictorHealth.VersionOf(existing) != version || existing.Spec.Replicas != desired.Spec.Replicas)
        {
            // A new version, or a canary step's new replica count, starts its window to become ready now.
            OwnedObjects.Annotate(existing, PredictorHealth.RolloutStartedAnnotation, now);
        }

        OwnedObjects.Annotate(existing, OwnedObjects.HashAnnotation, hash);
        existing.Metadata.Labels = desired.Metadata.Labels;
        existing.Spec.Replicas = desired.Spec.Replicas;
        existing.Spec.Template = desired.Spec.Template;
        existing.Spec.Strategy = desired.Spec.Strategy;
        existing.Spec.RevisionHistoryLimit = desired.Spec.RevisionHistoryLimit;
        await cluster.ReplaceAsync(existing, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureServiceAsync(ModelDeployment md, bool toPrevious, CancellationToken cancellationToken)
    {
        var desired = ModelDeploymentBuilder.BuildService(md, toPrevious);
        var existing = await cluster.GetAsync<V1Service>(md.Metadata.NamespaceProperty, desired.Metadata.Name, cancellationToken).ConfigureAwait(false);
        await CreateOrRepairAsync(md, desired, existing, OwnedObjects.Hash(new { desired.Spec.Selector, desired.Spec.Ports }), (to, from) =>
        {
            // Selector and ports only: clusterIP and the rest are the API server's.
            to.Spec.Selector = from.Spec.Selector;
            to.Spec.Ports = from.Spec.Ports;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureAutoscalerAsync(ModelDeployment md, CancellationToken cancellationToken)
    {
        var ns = md.Metadata.NamespaceProperty;
        var name = ModelDeploymentBuilder.DeploymentName(md);
        var existing = await cluster.GetAsync<V2HorizontalPodAutoscaler>(ns, name, cancellationToken).ConfigureAwait(false);
        var desired = ModelDeploymentBuilder.BuildAutoscaler(md);
        if (desired is null)
        {
            if (existing is not null && OwnerReferences.IsControlledBy(existing, md))
            {
                await cluster.DeleteAsync<V2HorizontalPodAutoscaler>(ns, name, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await CreateOrRepairAsync(md, desired, existing, OwnedObjects.Hash(desired.Spec), (to, from) => to.Spec = from.Spec, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates <paramref name="desired"/> when nothing exists; otherwise, when the hash of the fields
    /// the operator owns differs from the one recorded on the object, copies those fields over
    /// (<paramref name="copyOwned"/>: to, from) and replaces it. An object another controller owns is refused.
    /// </summary>
    private async Task CreateOrRepairAsync<T>(
        ModelDeployment md, T desired, T? existing, string hash, Action<T, T> copyOwned, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        OwnedObjects.Annotate(desired, OwnedObjects.HashAnnotation, hash);
        if (existing is null)
        {
            await CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            return;
        }

        OwnedObjects.EnsureControlledBy(existing, md);
        if (OwnedObjects.HashOf(existing) != hash)
        {
            OwnedObjects.Annotate(existing, OwnedObjects.HashAnnotation, hash);
            copyOwned(existing, desired);
            await cluster.ReplaceAsync(existing, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CreateAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            await cluster.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            LogCreated(desired.Kind, desired.Metadata.Name);
        }
        catch (ClusterAlreadyExistsException)
        {
            // Created meanwhile (a watch event raced this reconcile, or a previous leader): the next reconcile compares it.
            throw new ClusterConflictException($"{desired.Kind} {desired.Metadata.Name} appeared while it was being created; looking again.");
        }
    }

    private async Task WriteStatusAsync(ModelDeployment md, ModelDeploymentStatus status, CancellationToken cancellationToken)
    {
        if (md.Status is not null && KubernetesJson.Serialize(md.Status) == KubernetesJson.Serialize(status))
        {
            return;
        }

        md.Status = status;
        await cluster.ReplaceStatusAsync(md, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Kind} {Name}")]
    private partial void LogCreated(string kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reason}: {Message}")]
    private partial void LogEvent(string reason, string message);
}
