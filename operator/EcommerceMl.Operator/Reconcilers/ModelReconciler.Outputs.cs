using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>The Model's batch outputs (spec.outputs): the Indexed Job of each new servable version, tracked into status.outputs.</summary>
public sealed partial class ModelReconciler
{
    /// <summary>Creates the servable version's outputs Job when due, deletes superseded and old ones; the status and the Events of the change.</summary>
    private async Task<(BatchOutputStatus? Status, IReadOnlyList<ClusterEvent> Events)> ReconcileOutputsAsync(
        Model model, ModelObservations observations, ModelPolicy? policy, CancellationToken cancellationToken)
    {
        var ns = model.Metadata.NamespaceProperty;
        var selector = new Dictionary<string, string> { [StandardLabels.ModelResource] = model.Metadata.Name };
        var jobs = (await cluster.ListAsync<V1Job>(ns, selector, cancellationToken).ConfigureAwait(false))
            .Where(j => OwnerReferences.IsControlledBy(j, model) && BatchOutputJobBuilder.IsOutputsJob(j)).ToList();
        var plan = OutputsPlanner.Plan(model, observations.Servable?.Version, jobs, mayStart: policy is { Suspended: false });
        var status = plan.Status;
        if (plan.Create is { } version)
        {
            status = await StartOutputsAsync(model, version, cancellationToken).ConfigureAwait(false) ?? status;
        }

        await DeleteAsync<V1Job>(ns, plan.Delete, cancellationToken).ConfigureAwait(false);
        return (status, OutputsPlanner.Events(model.Status?.Outputs, status));
    }

    private async Task<BatchOutputStatus?> StartOutputsAsync(Model model, string version, CancellationToken cancellationToken)
    {
        V1Job desired;
        try
        {
            desired = BatchOutputJobBuilder.Build(model, version, settings);
        }
        catch (InvalidWorkloadException e)
        {
            LogOutputsNotStarted(version, e.Message);
            return new BatchOutputStatus { Version = version, Phase = BatchOutputStatus.Failed, Shards = model.Spec.Outputs?.Shards ?? ModelOutputsSpec.DefaultShards, Message = e.Message };
        }

        try
        {
            await cluster.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            LogOutputsStarted(desired.Metadata.Name, version, desired.Spec.Completions ?? 1);
            return OutputsPlanner.StatusOf(desired, version);
        }
        catch (ClusterAlreadyExistsException)
        {
            // Made by a reconcile that raced this one: the next reconcile reads it.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started outputs Job {JobName} of version {Version} ({Shards} shards)")]
    private partial void LogOutputsStarted(string jobName, string version, int shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No outputs Job for version {Version} could be built: {Reason}")]
    private partial void LogOutputsNotStarted(string version, string reason);
}
