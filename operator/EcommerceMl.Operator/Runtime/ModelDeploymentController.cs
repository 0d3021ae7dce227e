using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Wires the ModelDeployment reconciler into a <see cref="Controller"/>: a watch on ModelDeployments
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
        IControllerMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("EcommerceMl.Operator.Controller");
        var controller = new Controller(ModelDeployment.Plural, reconciler.ReconcileAsync, queue, workers, metrics, logger);
        return controller
            .Watch(ct => new ResourceWatcher<ModelDeployment>(client, ns, null,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, o.Metadata.Name), time, logger).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<V1Deployment>(client, ns, OwnedSelector,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, OwnerReferences.ControllerNameOf(o, ModelDeployment.KindName)), time, logger).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<V1Pod>(client, ns, OwnedSelector,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, StandardLabels.ValueOf(o, StandardLabels.ModelDeployment)), time, logger).RunAsync(ct));
    }
}
