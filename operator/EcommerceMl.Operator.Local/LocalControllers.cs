using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Drives reconcilers from the <see cref="LocalCluster"/>'s change notifications through the
/// operator's own <see cref="Controller"/> and <see cref="WorkQueue"/> (coalescing, one worker per
/// key, backoff on failure, requeue after), generic over kind → reconcile function: registering a
/// reconciler is one <see cref="Add{T}"/>. A change of a resource enqueues it; a change of anything
/// it controls — directly or down a chain of controller owner references, such as a Pod of its Job —
/// enqueues it too, as the operator's watches on owned objects do on a cluster.
/// </summary>
public sealed class LocalControllers(LocalCluster cluster, TimeProvider time, ILoggerFactory loggers)
{
    private const int Workers = 2;
    private readonly Dictionary<string, Controller> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, Func<IEnumerable<IKubernetesObject<V1ObjectMeta>>>> _lists = [];
    private readonly Dictionary<string, IKubernetesObject<V1ObjectMeta>> _byUid = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Reconciles every <typeparamref name="T"/> with <paramref name="reconcile"/> (namespace, name → result).</summary>
    public LocalControllers Add<T>(Func<string, string, CancellationToken, Task<ReconcileResult>> reconcile)
        where T : class, IKubernetesObject<V1ObjectMeta>, new()
    {
        var kind = new T().Kind;
        var queue = new WorkQueue(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        _byKind[kind] = new Controller(kind, reconcile, queue, Workers, NoMetrics.Instance, loggers.CreateLogger("EcommerceMl.Operator.Local." + kind));
        _lists[typeof(T)] = cluster.All<T>;
        return this;
    }

    /// <summary>Kinds with a reconciler.</summary>
    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    /// <summary>Enqueues what exists, then every change, until <paramref name="stoppingToken"/>; reconciles in flight finish.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        cluster.Changed += OnChanged;
        try
        {
            foreach (var list in _lists.Values)
            {
                foreach (var resource in list())
                {
                    OnChanged(new ObjectChange(resource.GetType(), resource, Deleted: false));
                }
            }

            await Task.WhenAll(_byKind.Values.Select(c => c.RunAsync(stoppingToken))).ConfigureAwait(false);
        }
        finally
        {
            cluster.Changed -= OnChanged;
            foreach (var controller in _byKind.Values)
            {
                controller.Queue.Dispose();
            }
        }
    }

    private void OnChanged(ObjectChange change)
    {
        var obj = change.Object;
        lock (_gate)
        {
            if (obj.Metadata.Uid is { } uid)
            {
                if (change.Deleted)
                {
                    _byUid.Remove(uid);
                }
                else
                {
                    _byUid[uid] = obj;
                }
            }
        }

        var ns = obj.Metadata.NamespaceProperty;
        if (_byKind.TryGetValue(obj.Kind, out var own))
        {
            own.Enqueue(ns, obj.Metadata.Name);
        }

        // Up the chain of controllers (Pod → Job → TrainingJob) to the first kind with a reconciler.
        var current = obj;
        for (var depth = 0; depth < 8 && ControllerOf(current) is { } owner; depth++)
        {
            if (_byKind.TryGetValue(owner.Kind, out var controller))
            {
                controller.Enqueue(ns, owner.Name);
                return;
            }

            lock (_gate)
            {
                if (!_byUid.TryGetValue(owner.Uid, out current!))
                {
                    return;
                }
            }
        }
    }

    private static V1OwnerReference? ControllerOf(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
}
