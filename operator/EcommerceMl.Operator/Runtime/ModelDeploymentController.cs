using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Wires the ModelDeployment reconciler into a <see cref="Controller"/> (the shape of <see cref="OwnerController"/>): a watch on ModelDeployments
/// enqueues each one; watches on the operator's inference Deployments (by their controller owner
/// reference) and their Pods (by the model-deployment label the template carries) enqueue the
/// ModelDeployment. Services and HPAs are not watched: nothing in their status feeds a decision,
/// and a change to them is repaired at the next reconcile. A new version in the store is not a
/// cluster event: the reconciler asks to be looked at again (RolloutTiming) instead.
/// </summary>
internal static class ModelDeploymentController
{
    /// <summary>Selects what the operator created for a ModelDeployment (Deployments, their Pods, the Service, the HPA carry it).</summary>
    public const string OwnedSelector = StandardLabels.ModelDeployment;

    public static Controller Create(
        IKubernetes client, string? ns, ModelDeploymentReconciler reconciler, WorkQueue queue, int workers,
        IControllerMetrics metrics, TimeProvider time, ILoggerFactory loggers, WatchHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        return OwnerController.Create<ModelDeployment, V1Deployment>(
            ModelDeployment.Plural, ModelDeployment.KindName, OwnedSelector, reconciler.ReconcileAsync, client, ns, queue, workers, metrics, time, loggers, health);
    }
}
