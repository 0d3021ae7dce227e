using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Wires the TrainingJob reconciler into a <see cref="Controller"/>: a watch on TrainingJobs
/// enqueues each one; watches on the operator's Jobs (by their controller owner reference) and
/// their Pods (by the training-job label the Job's template carries) enqueue the TrainingJob.
/// </summary>
internal static class TrainingJobController
{
    /// <summary>Selects what the operator created for a TrainingJob (Jobs and their Pods carry it).</summary>
    public const string OwnedSelector = StandardLabels.TrainingJob;

    public static Controller Create(
        IKubernetes client, string? ns, TrainingJobReconciler reconciler, WorkQueue queue, int workers,
        IControllerMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("EcommerceMl.Operator.Controller");
        var controller = new Controller(TrainingJob.Plural, reconciler.ReconcileAsync, queue, workers, metrics, logger);
        return controller
            .Watch(ct => new ResourceWatcher<TrainingJob>(client, ns, null,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, o.Metadata.Name), time, logger).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<V1Job>(client, ns, OwnedSelector,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, OwnerReferences.ControllerNameOf(o, TrainingJob.KindName)), time, logger).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<V1Pod>(client, ns, OwnedSelector,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, StandardLabels.ValueOf(o, StandardLabels.TrainingJob)), time, logger).RunAsync(ct));
    }
}
