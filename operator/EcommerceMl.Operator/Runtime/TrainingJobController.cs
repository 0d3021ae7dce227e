using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Wires the TrainingJob reconciler into a <see cref="Controller"/> (the shape of <see cref="OwnerController"/>): a watch on TrainingJobs
/// enqueues each one; watches on the operator's Jobs (by their controller owner reference) and
/// their Pods (by the training-job label the Job's template carries) enqueue the TrainingJob.
/// </summary>
internal static class TrainingJobController
{
    /// <summary>Selects what the operator created for a TrainingJob (Jobs and their Pods carry it).</summary>
    public const string OwnedSelector = StandardLabels.TrainingJob;

    public static Controller Create(
        IKubernetes client, string? ns, TrainingJobReconciler reconciler, WorkQueue queue, int workers,
        IControllerMetrics metrics, TimeProvider time, ILoggerFactory loggers, WatchHealth? health = null)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        return OwnerController.Create<TrainingJob, V1Job>(
            TrainingJob.Plural, TrainingJob.KindName, OwnedSelector, reconciler.ReconcileAsync, client, ns, queue, workers, metrics, time, loggers, health);
    }
}
