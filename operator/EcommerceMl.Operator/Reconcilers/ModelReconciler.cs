using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Retention;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// Level-triggered reconcile of one Model: read it, its TrainingJobs and monitoring Jobs, the ModelDeployments of its
/// namespace and what the store says (servable, monitored and newest version, the newest monitoring report of the
/// monitored version: the one its ModelDeployments serve, <see cref="MonitoredVersion"/>);
/// let <see cref="TriggerPlanner"/> and <see cref="MonitoringPlanner"/> decide; start the one run
/// (deleting the active one first under Replace), the monitoring Job of the slot, the batch outputs Job of
/// a new servable version (ModelReconciler.Outputs.cs), delete what the history limits let go; write the status once and the Events of what changed. Every name is
/// deterministic, so a reconcile cut short, repeated or run by a new leader never starts a second run.
/// </summary>
public sealed partial class ModelReconciler(
    ICluster cluster,
    Func<string, IModelStore> openStore,
    WorkloadSettings settings,
    TimeProvider time,
    ILogger<ModelReconciler> logger,
    ModelTiming? timing = null,
    string listNamespace = ICluster.AllNamespaces)
{
    private static readonly TimeSpan MinimumRequeue = TimeSpan.FromSeconds(1);
    private readonly ModelTiming _timing = timing ?? ModelTiming.Default;

    public async Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken cancellationToken = default)
    {
        var model = await cluster.GetAsync<Model>(ns, name, cancellationToken).ConfigureAwait(false);
        if (model is null || model.Metadata.DeletionTimestamp is not null)
        {
            // Its TrainingJobs and monitoring Jobs go with it (owner references).
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Kind"] = Model.KindName, ["Namespace"] = ns, ["Name"] = name, ["Generation"] = model.Metadata.Generation,
        });

        var (observations, storeProblem) = await ObserveAsync(model, cancellationToken).ConfigureAwait(false);
        if (observations is null)
        {
            // Nothing is decided on half a view of the store (ModelReconciler.Store.cs).
            return await HoldAsync(model, storeProblem!, cancellationToken).ConfigureAwait(false);
        }

        var observed = ModelStatusCalculator.Observe(observations);
        var plan = TriggerPlanner.Plan(new TriggerInputs(WithStatus(model, observed), observations.Servable, observations.Report, observations.Now)
        {
            Monitored = observations.Monitored,
            ExistingRuns = observations.Runs.Select(r => r.Metadata.Name).Concat(TriggerPlanner.KnownRuns(observed)).ToHashSet(StringComparer.Ordinal),
        });

        string? replaced = null;
        DueTrigger? started = null;
        string? nameTaken = null;
        if (plan.Run is { } run)
        {
            if (plan.Replaces is { } active)
            {
                await cluster.DeleteAsync<TrainingJob>(ns, active, cancellationToken).ConfigureAwait(false);
                replaced = active;
                LogReplaced(active, run.Reason);
            }

            (started, nameTaken) = await StartAsync(model, run, cancellationToken).ConfigureAwait(false);
        }

        var (policy, _) = ModelPolicy.From(model.Spec);
        // The version that answers requests is the one monitored (ModelReconciler.Store.cs, MonitoredVersion).
        var monitoring = MonitoringPlanner.Plan(name, policy, observations.Monitored?.Version, observations.MonitoringJobs, observations.Now);
        if (monitoring.Create is { } monitorName)
        {
            observed.Monitoring = await StartMonitoringAsync(model, monitorName, observations.Monitored!.Version, policy!, cancellationToken).ConfigureAwait(false) ?? observed.Monitoring;
        }

        await DeleteAsync<V1Job>(ns, monitoring.Delete, cancellationToken).ConfigureAwait(false);
        var outputs = await ReconcileOutputsAsync(model, observations, policy, cancellationToken).ConfigureAwait(false);
        await DeleteAsync<TrainingJob>(ns, RunRetention.ToDelete(model.Spec, observations.Runs, observations.Servable?.Version, observations.Latest?.Version), cancellationToken).ConfigureAwait(false);

        var status = ModelStatusCalculator.Decide(observed, observations, plan, started, nameTaken);
        status.Outputs = outputs.Status;
        List<ClusterEvent> events = [.. ModelStatusCalculator.Events(model.Status, status, plan, started, replaced), .. outputs.Events, .. StoreAnswered(status)];
        await WriteStatusAsync(model, status, cancellationToken).ConfigureAwait(false);
        foreach (var clusterEvent in events)
        {
            LogEvent(clusterEvent.Reason, clusterEvent.Message);
            await cluster.RecordEventAsync(model, clusterEvent, cancellationToken).ConfigureAwait(false);
        }

        await ApplyRetentionAsync(model, observations.Now, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(NextLook(observations.Now, plan.NextCheck, monitoring.NextSlot));
    }

    /// <summary>
    /// spec.retention: deletes the versions neither keepLast nor keepDays keeps and nothing uses (no ModelDeployment in
    /// <c>listNamespace</c> serves, canaries or keeps one as previous; never the servable latest or the newest). After the
    /// status is written, and never failing the reconcile: a store error is a Warning, retried next time.
    /// </summary>
    private async Task ApplyRetentionAsync(Model model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var store = openStore(model.Spec.Training.Output?.Store ?? settings.Store);
        if (await VersionRetention.ApplyAsync(model, cluster, listNamespace, store, now, cancellationToken).ConfigureAwait(false) is not { } outcome)
        {
            return;
        }

        if (outcome.Deleted.Count > 0 || outcome.HasErrors)
        {
            var clusterEvent = new ClusterEvent(
                outcome.HasErrors ? ClusterEvent.Warning : ClusterEvent.Normal,
                outcome.HasErrors ? ModelReasons.RetentionFailed : ModelReasons.VersionsDeleted,
                outcome.Describe());
            LogEvent(clusterEvent.Reason, clusterEvent.Message);
            await cluster.RecordEventAsync(model, clusterEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The Model's runs and monitoring Jobs (only those it controls) and the store's answers; null, with the problem, when the store cannot give them.</summary>
    private async Task<(ModelObservations? Observations, StoreProblem? Problem)> ObserveAsync(Model model, CancellationToken cancellationToken)
    {
        var ns = model.Metadata.NamespaceProperty;
        var name = model.Metadata.Name;
        var selector = new Dictionary<string, string> { [StandardLabels.ModelResource] = name };
        var runs = (await cluster.ListAsync<TrainingJob>(ns, selector, cancellationToken).ConfigureAwait(false))
            .Where(r => OwnerReferences.IsControlledBy(r, model)).ToList();
        var monitors = (await cluster.ListAsync<V1Job>(ns, selector, cancellationToken).ConfigureAwait(false))
            .Where(j => OwnerReferences.IsControlledBy(j, model) && MonitoringJobBuilder.IsMonitoringJob(j)).ToList();
        var deployments = await cluster.ListAsync<ModelDeployment>(ns, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        var (store, problem) = await ReadStoreAsync(model, runs, deployments, cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return (null, problem);
        }

        return (new ModelObservations
        {
            Model = model,
            Runs = runs,
            MonitoringJobs = monitors,
            Servable = store.Servable,
            Monitored = store.Monitored,
            Latest = store.Latest,
            WhyLatestNotServable = store.WhyLatestNotServable,
            Report = store.Report,
            RunVersions = store.RunVersions,
            Now = time.GetUtcNow(),
        }, null);
    }

    /// <summary>Creates the run's TrainingJob; a TrainingJob of that name that the Model does not control is reported, not touched.</summary>
    private async Task<(DueTrigger? Started, string? NameTaken)> StartAsync(Model model, DueTrigger run, CancellationToken cancellationToken)
    {
        var desired = ModelTrainingJobBuilder.Build(model, run);
        try
        {
            await cluster.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            LogStarted(run.JobName, run.Reason, run.Why);
            return (run, null);
        }
        catch (ClusterAlreadyExistsException)
        {
            var existing = await cluster.GetAsync<TrainingJob>(model.Metadata.NamespaceProperty, run.JobName, cancellationToken).ConfigureAwait(false);
            if (existing is null || OwnerReferences.IsControlledBy(existing, model))
            {
                // Created by a reconcile that raced this one (or a leader a moment ago): the next reconcile sees it as the active run.
                return (null, null);
            }

            return (null, $"TrainingJob {run.JobName} exists but is not controlled by this Model, so the {run.Reason} run cannot start; delete it or rename the Model.");
        }
    }

    private async Task<MonitoringRunStatus?> StartMonitoringAsync(Model model, string jobName, string version, ModelPolicy policy, CancellationToken cancellationToken)
    {
        V1Job desired;
        try
        {
            desired = MonitoringJobBuilder.Build(model, jobName, version, policy, settings);
        }
        catch (InvalidWorkloadException e)
        {
            LogMonitoringNotStarted(e.Message);
            return new MonitoringRunStatus { Job = jobName, Version = version, Phase = "Failed", Message = e.Message };
        }

        try
        {
            await cluster.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            LogMonitoringStarted(jobName, version);
            return new MonitoringRunStatus { Job = jobName, Version = version, Phase = "Running" };
        }
        catch (ClusterAlreadyExistsException)
        {
            return null;
        }
    }

    private async Task DeleteAsync<T>(string ns, IReadOnlyList<string> names, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        foreach (var name in names)
        {
            await cluster.DeleteAsync<T>(ns, name, cancellationToken).ConfigureAwait(false);
            LogPruned(typeof(T).Name, name);
        }
    }

    private async Task WriteStatusAsync(Model model, ModelResourceStatus status, CancellationToken cancellationToken)
    {
        if (model.Status is not null && KubernetesJson.Serialize(model.Status) == KubernetesJson.Serialize(status))
        {
            return;
        }

        model.Status = status;
        await cluster.ReplaceStatusAsync(model, cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan NextLook(DateTimeOffset now, params DateTimeOffset?[] times)
    {
        var next = times.OfType<DateTimeOffset>().Append(now + _timing.StorePollInterval).Min();
        var delay = next - now;
        return delay < MinimumRequeue ? MinimumRequeue : delay;
    }

    private static Model WithStatus(Model model, ModelResourceStatus status) => new()
    {
        ApiVersion = model.ApiVersion,
        Kind = model.Kind,
        Metadata = model.Metadata,
        Spec = model.Spec,
        Status = status,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Started TrainingJob {JobName} ({Reason}): {Why}")]
    private partial void LogStarted(string jobName, string reason, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the active TrainingJob {JobName} for a {Reason} run (concurrencyPolicy Replace)")]
    private partial void LogReplaced(string jobName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started monitoring Job {JobName} of version {Version}")]
    private partial void LogMonitoringStarted(string jobName, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No monitoring Job could be built: {Reason}")]
    private partial void LogMonitoringNotStarted(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Kind} {Name} (history limit)")]
    private partial void LogPruned(string kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reason}: {Message}")]
    private partial void LogEvent(string reason, string message);
}
