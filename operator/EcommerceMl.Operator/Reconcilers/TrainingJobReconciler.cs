using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// Level-triggered reconcile of one TrainingJob: read it fresh, make sure its Job exists (exactly
/// one, by its deterministic name), keep the Job's suspension in line with the spec, recompute the
/// status from the Job and its Pods, record the published version from the store on success, and
/// write the status once, only when it changed.
/// </summary>
public sealed partial class TrainingJobReconciler(
    ICluster cluster,
    Func<string, IModelStore> openStore,
    WorkloadSettings settings,
    TimeProvider time,
    ILogger<TrainingJobReconciler> logger)
{
    /// <summary>The label the Job controller puts on a Job's Pods.</summary>
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    private static readonly TimeSpan NotOwnedRetry = TimeSpan.FromSeconds(30);

    /// <summary>How soon a finished run whose version the store could not be asked about is looked at again.</summary>
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(30);

    public async Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        var trainingJob = await cluster.GetAsync<TrainingJob>(ns, name, cancellationToken).ConfigureAwait(false);
        if (trainingJob is null)
        {
            return ReconcileResult.Done;
        }

        if (trainingJob.Metadata.DeletionTimestamp is not null)
        {
            await FinalizeAsync(trainingJob, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        // Before the Job exists, so no version can be published without the finalizer to clean it up.
        trainingJob = await EnsureFinalizerAsync(trainingJob, cancellationToken).ConfigureAwait(false);

        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Kind"] = TrainingJob.KindName, ["Namespace"] = ns, ["Name"] = name, ["Generation"] = trainingJob.Metadata.Generation,
        });

        V1Job? job;
        try
        {
            job = await EnsureJobAsync(trainingJob, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidWorkloadException e)
        {
            await WriteStatusAsync(trainingJob, InvalidSpec(trainingJob, e.Message), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (job is null)
        {
            // The Job is gone after the TrainingJob finished (ttlSecondsAfterFinished): the status stays as it was.
            return ReconcileResult.Done;
        }

        if (!OwnerReferences.IsControlledBy(job, trainingJob))
        {
            await WriteStatusAsync(trainingJob, NotOwned(trainingJob, job), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(NotOwnedRetry);
        }

        job = await SyncSuspendAsync(trainingJob, job, cancellationToken).ConfigureAwait(false);
        var pods = await cluster.ListAsync<V1Pod>(ns, new Dictionary<string, string> { [JobNameLabel] = job.Metadata.Name }, cancellationToken).ConfigureAwait(false);
        // The store is asked once per finished run, until a version is recorded. A run that missed its
        // gate or lost to the champion published a version too: record it, so people can inspect it.
        var outcome = TrainingJobStatusCalculator.OutcomeOf(job, pods);
        var publication = trainingJob.Status?.ModelVersion is null && (outcome.Phase == TrainingJobPhases.Succeeded || TrainingJobReasons.PublishedAnyway(outcome.Reason))
            ? await FindPublishedVersionAsync(trainingJob, cancellationToken).ConfigureAwait(false)
            : null;
        var status = TrainingJobStatusCalculator.Compute(trainingJob, job, pods, time, publication);
        await WriteStatusAsync(trainingJob, status, cancellationToken).ConfigureAwait(false);
        return publication?.UnreadableReason is null ? ReconcileResult.Done : ReconcileResult.After(StoreRetry);
    }

    /// <summary>Adds the artifacts finalizer when the spec asks for clean-up (a metadata update); never otherwise.</summary>
    private async Task<TrainingJob> EnsureFinalizerAsync(TrainingJob trainingJob, CancellationToken cancellationToken)
    {
        if (trainingJob.Spec.Output?.DeleteArtifactsOnDelete != true || TrainingJobFinalizer.IsOn(trainingJob))
        {
            return trainingJob;
        }

        trainingJob.Metadata.Finalizers = [.. trainingJob.Metadata.Finalizers ?? [], TrainingJobFinalizer.Artifacts];
        return await cluster.ReplaceAsync(trainingJob, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A TrainingJob being deleted that carries our finalizer: delete the version it published (when
    /// the spec asks), then let it go. A store error propagates, so the runtime retries and the
    /// TrainingJob stays until its version is gone.
    /// </summary>
    private async Task FinalizeAsync(TrainingJob trainingJob, CancellationToken cancellationToken)
    {
        if (!TrainingJobFinalizer.IsOn(trainingJob))
        {
            return;
        }

        if (trainingJob.Spec.Output?.DeleteArtifactsOnDelete == true && trainingJob.Status?.ModelVersion is { } version)
        {
            var store = openStore(trainingJob.Spec.Output?.Store ?? settings.Store);
            var deleted = await store.DeleteVersionAsync(trainingJob.Spec.Model, version, cancellationToken).ConfigureAwait(false);
            LogArtifactsDeleted(trainingJob.Spec.Model, version, deleted);
            await cluster.RecordEventAsync(trainingJob, new ClusterEvent(ClusterEvent.Normal, TrainingJobReasons.ArtifactsDeleted,
                deleted ? $"Deleted {trainingJob.Spec.Model} version {version} from {store.Location}." : $"{trainingJob.Spec.Model} version {version} was already gone from {store.Location}."),
                cancellationToken).ConfigureAwait(false);
        }

        trainingJob.Metadata.Finalizers = [.. trainingJob.Metadata.Finalizers.Where(f => f != TrainingJobFinalizer.Artifacts)];
        try
        {
            await cluster.ReplaceAsync(trainingJob, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterNotFoundException)
        {
            // Someone else removed the last finalizer first: the TrainingJob is gone, as wanted.
        }
    }

    /// <summary>The TrainingJob's Job: found by its deterministic name, or created; null when it finished and its Job was cleaned up.</summary>
    private async Task<V1Job?> EnsureJobAsync(TrainingJob trainingJob, CancellationToken cancellationToken)
    {
        var ns = trainingJob.Metadata.NamespaceProperty;
        var jobName = TrainingJobBuilder.JobName(trainingJob);
        var existing = await cluster.GetAsync<V1Job>(ns, jobName, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        if (trainingJob.Status?.JobName == jobName && TrainingJobPhases.IsFinished(trainingJob.Status.Phase))
        {
            return null;
        }

        var desired = TrainingJobBuilder.Build(trainingJob, settings);
        try
        {
            var created = await cluster.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            LogJobCreated(trainingJob.Spec.Model, jobName);
            await cluster.RecordEventAsync(trainingJob, new ClusterEvent(ClusterEvent.Normal, TrainingJobReasons.JobCreated,
                $"Created Job {jobName} to train {trainingJob.Spec.Model}."), cancellationToken).ConfigureAwait(false);
            return created;
        }
        catch (ClusterAlreadyExistsException)
        {
            // Another reconcile (or an operator replica that was leader a moment ago) created it first.
            return await cluster.GetAsync<V1Job>(ns, jobName, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<V1Job> SyncSuspendAsync(TrainingJob trainingJob, V1Job job, CancellationToken cancellationToken)
    {
        var suspend = trainingJob.Spec.RunPolicy?.Suspend ?? false;
        var finished = job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == ConditionStatus.True) == true;
        if (finished || (job.Spec.Suspend ?? false) == suspend)
        {
            return job;
        }

        job.Spec.Suspend = suspend;
        var updated = await cluster.ReplaceAsync(job, cancellationToken).ConfigureAwait(false);
        await cluster.RecordEventAsync(trainingJob, new ClusterEvent(ClusterEvent.Normal, suspend ? "Suspended" : "Resumed",
            suspend ? $"Suspended Job {job.Metadata.Name}." : $"Resumed Job {job.Metadata.Name}."), cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Finds the version this TrainingJob published: the newest whose manifest names the TrainingJob.</summary>
    private async Task<Publication> FindPublishedVersionAsync(TrainingJob trainingJob, CancellationToken cancellationToken)
    {
        var store = openStore(trainingJob.Spec.Output?.Store ?? settings.Store);
        var runName = $"{trainingJob.Metadata.NamespaceProperty}/{trainingJob.Metadata.Name}";
        ModelManifest? manifest;
        try
        {
            manifest = await store.FindNewestAsync(trainingJob.Spec.Model, m => m.TrainingJob == runName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not a failed reconcile retried in silence: the status says the store is the problem (issue 15 item 5).
            var problem = StoreProblem.From(e, store.Location);
            return Publication.Unreadable(problem.Reason, problem.Message);
        }

        if (manifest is null)
        {
            return Publication.NotFound($"The trainer finished, but {store.Location} holds no version of {trainingJob.Spec.Model} from {runName}.");
        }

        var artifactUri = ModelStoreLayout.ArtifactUri(store.Location, manifest.Model, manifest.Version);
        var gate = manifest.Gate is { } result
            ? new GateStatus
            {
                Metric = result.Metric,
                Value = result.Value,
                Passed = result.Passed,
                Summary = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{result.Metric}={result.Value:0.####} ({result.Bound} {result.Threshold:0.####}): {(result.Passed ? "passed" : "not met")}"),
            }
            : null;
        LogPublished(manifest.Model, manifest.Version);
        return Publication.Found(new PublishedVersion(manifest.Version, artifactUri, manifest.Metrics, gate));
    }

    private TrainingJobStatus InvalidSpec(TrainingJob trainingJob, string message) =>
        Terminal(trainingJob, TrainingJobReasons.InvalidSpec, message);

    private TrainingJobStatus NotOwned(TrainingJob trainingJob, V1Job job)
    {
        var status = TrainingJobStatusCalculator.Compute(trainingJob, null, [], time);
        var message = $"Job {job.Metadata.Name} exists but belongs to another resource (an earlier TrainingJob of this name being deleted?); waiting for it to go.";
        Conditions.Set(status.Conditions!, TrainingJobConditions.Created, ConditionStatus.False, TrainingJobReasons.JobNotOwned, message, trainingJob.Metadata.Generation, time);
        status.Message = message;
        return status;
    }

    private TrainingJobStatus Terminal(TrainingJob trainingJob, string reason, string message)
    {
        var status = TrainingJobStatusCalculator.Compute(trainingJob, null, [], time);
        var generation = trainingJob.Metadata.Generation;
        foreach (var type in new[] { TrainingJobConditions.Running, TrainingJobConditions.Succeeded, TrainingJobConditions.Suspended })
        {
            Conditions.Set(status.Conditions!, type, ConditionStatus.False, reason, message, generation, time);
        }

        Conditions.Set(status.Conditions!, TrainingJobConditions.Failed, ConditionStatus.True, reason, message, generation, time);
        status.Phase = TrainingJobPhases.Failed;
        status.Message = message;
        return status;
    }

    /// <summary>Writes the status through the status subresource when it changed; an Event when the phase did.</summary>
    private async Task WriteStatusAsync(TrainingJob trainingJob, TrainingJobStatus status, CancellationToken cancellationToken)
    {
        var previousPhase = trainingJob.Status?.Phase;
        if (trainingJob.Status is not null && KubernetesJson.Serialize(trainingJob.Status) == KubernetesJson.Serialize(status))
        {
            return;
        }

        trainingJob.Status = status;
        await cluster.ReplaceStatusAsync(trainingJob, cancellationToken).ConfigureAwait(false);
        if (status.Phase != previousPhase && status.Phase is TrainingJobPhases.Succeeded or TrainingJobPhases.Failed)
        {
            var failedReason = Conditions.Find(status.Conditions, TrainingJobConditions.Failed)?.Reason ?? TrainingJobReasons.JobFailed;
            var clusterEvent = status.Phase == TrainingJobPhases.Succeeded
                ? new ClusterEvent(ClusterEvent.Normal, TrainingJobReasons.TrainingSucceeded, status.Message ?? "Training succeeded.")
                : new ClusterEvent(ClusterEvent.Warning, failedReason, status.Message ?? "Training failed.");
            LogFinished(trainingJob.Spec.Model, status.Phase, clusterEvent.Reason);
            await cluster.RecordEventAsync(trainingJob, clusterEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TrainingJob deleted: {Model} version {Version} removed from the store (it was there: {Existed})")]
    private partial void LogArtifactsDeleted(string model, string version, bool existed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Job {JobName} to train {Model}")]
    private partial void LogJobCreated(string model, string jobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Model} version {Version}")]
    private partial void LogPublished(string model, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training of {Model} finished: {Phase} ({Reason})")]
    private partial void LogFinished(string model, string phase, string reason);
}
