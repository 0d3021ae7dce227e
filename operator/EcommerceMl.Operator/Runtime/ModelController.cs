using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Wires the Model reconciler into a <see cref="Controller"/>: a watch on Models enqueues each one;
/// watches on the TrainingJobs and monitoring Jobs a Model made (by the model-resource label, then
/// their controller owner reference) enqueue the Model, so a run or a check that ends is seen at
/// once. Pods are not watched: a Job's status says all the Model needs. A new version or report in
/// the store is not a cluster event: the reconciler asks to be looked at again (ModelTiming).
/// </summary>
internal static class ModelController
{
    /// <summary>Selects what the operator created for a Model (its TrainingJobs and monitoring Jobs carry it).</summary>
    public const string OwnedSelector = StandardLabels.ModelResource;

    public static Controller Create(
        IKubernetes client, string? ns, ModelReconciler reconciler, WorkQueue queue, int workers,
        IControllerMetrics metrics, TimeProvider time, ILoggerFactory loggers, WatchHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("EcommerceMl.Operator.Controller");
        var controller = new Controller(Model.Plural, reconciler.ReconcileAsync, queue, workers, metrics, logger);
        return controller
            .Watch(ct => new ResourceWatcher<Model>(client, ns, null,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, o.Metadata.Name), time, logger, health).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<TrainingJob>(client, ns, OwnedSelector,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, OwnerReferences.ControllerNameOf(o, Model.KindName)), time, logger, health).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<V1Job>(client, ns, OwnedSelector,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, OwnerReferences.ControllerNameOf(o, Model.KindName)), time, logger, health).RunAsync(ct));
    }
}
