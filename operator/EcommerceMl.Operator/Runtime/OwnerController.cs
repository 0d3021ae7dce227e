using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// The wiring every controller here has: a watch on the owner kind enqueues each owner; a watch on
/// the children it creates (by their controller owner reference) and one on those children's Pods
/// (by the owner label their template carries) enqueue the owner. Both watches select on
/// <paramref name="ownerLabel"/>, so only what the operator made is watched.
/// </summary>
internal static class OwnerController
{
    /// <param name="ownerKind">The owner's kind, as its children's controller owner reference names it.</param>
    /// <param name="ownerLabel">The label key every child and Pod of an owner carries, its value the owner's name.</param>
    public static Controller Create<TOwner, TChild>(
        string plural, string ownerKind, string ownerLabel, Func<string, string, CancellationToken, Task<ReconcileResult>> reconcile,
        IKubernetes client, string? ns, WorkQueue queue, int workers, IControllerMetrics metrics, TimeProvider time, ILoggerFactory loggers,
        WatchHealth? health = null)
        where TOwner : class, IKubernetesObject<V1ObjectMeta>
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("EcommerceMl.Operator.Controller");
        var controller = new Controller(plural, reconcile, queue, workers, metrics, logger);
        return controller
            .Watch(ct => new ResourceWatcher<TOwner>(client, ns, null,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, o.Metadata.Name), time, logger, health).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<TChild>(client, ns, ownerLabel,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, OwnerReferences.ControllerNameOf(o, ownerKind)), time, logger, health).RunAsync(ct))
            .Watch(ct => new ResourceWatcher<V1Pod>(client, ns, ownerLabel,
                o => controller.Enqueue(o.Metadata.NamespaceProperty, StandardLabels.ValueOf(o, ownerLabel)), time, logger, health).RunAsync(ct));
    }
}
