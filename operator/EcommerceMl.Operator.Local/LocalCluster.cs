using System.Globalization;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Local mode's cluster: the objects of one machine in memory, behind the same port the reconcilers
/// use against Kubernetes, with the API server's rules a reconciler can observe (one
/// resourceVersion counter, uid, generation and creationTimestamp on create, 409 on a taken name or
/// a stale resourceVersion, status only through the status write, generation bumped on spec changes
/// only, a write that changes nothing is a no-op, an object with finalizers is only marked for
/// deletion until they are removed). Unlike the unit tests' in-memory cluster it is thread-safe
/// (file watcher, processes and workers write concurrently), tells listeners about every change
/// (the watches of local mode), and deletes owned objects with their owner (garbage collection by
/// controller owner reference).
/// </summary>
public sealed class LocalCluster(TimeProvider time) : ICluster
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, JsonObject> _objects = [];
    private readonly Dictionary<Type, Func<JsonObject, IKubernetesObject<V1ObjectMeta>>> _readers = [];
    private readonly List<LocalEvent> _events = [];
    private long _resourceVersion;

    /// <summary>Called after every change, outside the cluster's lock, with the object as it now is (or was, when deleted).</summary>
    public event Action<ObjectChange>? Changed;

    /// <summary>Events recorded so far, oldest first (local mode prints them as they come).</summary>
    public IReadOnlyList<LocalEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Called for each recorded Event.</summary>
    public event Action<LocalEvent>? EventRecorded;

    public Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_gate)
        {
            return Task.FromResult(_objects.TryGetValue(new ObjectKey(typeof(T), ns, name), out var node) ? FromNode<T>(node) : null);
        }
    }

    public Task<IReadOnlyList<T>> ListAsync<T>(string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(labels);
        IReadOnlyList<T> items = [.. All<T>().Where(o => (ns == ICluster.AllNamespaces || o.Metadata.NamespaceProperty == ns) && Matches(o, labels))];
        return Task.FromResult(items);
    }

    /// <summary>Every object of the kind in every namespace, sorted by namespace and name.</summary>
    public IReadOnlyList<T> All<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_gate)
        {
            return [.. _objects
                .Where(pair => pair.Key.Kind == typeof(T))
                .OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
                .Select(pair => FromNode<T>(pair.Value))];
        }
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        T created;
        lock (_gate)
        {
            var key = KeyOf(obj);
            if (_objects.ContainsKey(key))
            {
                throw new ClusterAlreadyExistsException($"{obj.Kind} \"{key.Name}\" already exists");
            }

            created = Store<T>(key, StoredObjects.Created(obj, Guid.NewGuid().ToString(), time.GetUtcNow().UtcDateTime));
        }

        Notify(new ObjectChange(typeof(T), created, Deleted: false));
        return Task.FromResult(created);
    }

    public Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Task.FromResult(Write(obj, StoredObjects.Replaced));

    public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Task.FromResult(Write(obj, StoredObjects.StatusReplaced));

    /// <summary>
    /// Puts back an object saved by an earlier run as it was (uid, generation, creationTimestamp and
    /// status kept), so a finished TrainingJob is not trained again; only before anything else is written.
    /// </summary>
    public void Restore<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_gate)
        {
            Store<T>(KeyOf(obj), ToNode(obj));
        }
    }

    /// <summary>What a controller outside the reconcilers does: change the status of the object as it is now, whatever its resourceVersion.</summary>
    public async Task<T?> UpdateStatusAsync<T>(string ns, string name, Action<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var current = await GetAsync<T>(ns, name).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            change(current);
            try
            {
                return await ReplaceStatusAsync(current).ConfigureAwait(false);
            }
            catch (ClusterConflictException)
            {
                // Someone wrote in between: apply the change again to what is there now.
            }
            catch (ClusterNotFoundException)
            {
                return null;
            }
        }
    }

    public Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, ClusterEvent clusterEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        ArgumentNullException.ThrowIfNull(clusterEvent);
        var recorded = new LocalEvent(time.GetUtcNow(), regarding.Kind, regarding.Metadata.NamespaceProperty, regarding.Metadata.Name, clusterEvent);
        lock (_gate)
        {
            _events.Add(recorded);
        }

        EventRecorded?.Invoke(recorded);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Deletes the object as the API server does: one that carries finalizers only gets a
    /// <c>deletionTimestamp</c> and stays until the controllers that own them remove the last one
    /// (a replace); otherwise it goes at once with, like Kubernetes' garbage collector, everything it
    /// controls (and what those control). Listeners hear about each change, owned objects first.
    /// False when it did not exist.
    /// </summary>
    public bool Delete<T>(string ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var changes = new List<ObjectChange>();
        bool existed;
        lock (_gate)
        {
            var key = new ObjectKey(typeof(T), ns, name);
            existed = _objects.ContainsKey(key);
            DeleteLocked(key, changes);
        }

        foreach (var change in changes)
        {
            Notify(change);
        }

        return existed;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Task.FromResult(Delete<T>(ns, name));

    private void DeleteLocked(ObjectKey key, List<ObjectChange> changes)
    {
        if (!_objects.TryGetValue(key, out var node))
        {
            return;
        }

        if (HasFinalizers(node))
        {
            if (node["metadata"]!["deletionTimestamp"] is null)
            {
                var marked = node.DeepClone().AsObject();
                marked["metadata"]!["deletionTimestamp"] = KubernetesJson.Serialize(ApiTime.Now(time)).Trim('"');
                changes.Add(new ObjectChange(key.Kind, StoreNode(key, marked), Deleted: false));
            }

            return;
        }

        RemoveLocked(key, node, changes);
    }

    /// <summary>Removes the object (<paramref name="last"/>: its final state) and collects what it controls.</summary>
    private void RemoveLocked(ObjectKey key, JsonObject last, List<ObjectChange> changes)
    {
        _objects.Remove(key);
        var uid = last["metadata"]?["uid"]?.GetValue<string>();
        var owned = _objects
            .Where(pair => pair.Value["metadata"]?["ownerReferences"] is JsonArray owners
                && owners.Any(o => o?["uid"]?.GetValue<string>() == uid && o?["controller"]?.GetValue<bool>() == true))
            .Select(pair => pair.Key)
            .ToList();
        foreach (var child in owned)
        {
            DeleteLocked(child, changes);
        }

        changes.Add(new ObjectChange(key.Kind, _readers[key.Kind](last), Deleted: true));
    }

    private static bool HasFinalizers(JsonObject node) => node["metadata"]?["finalizers"] is JsonArray { Count: > 0 };

    private void Notify(ObjectChange change) => Changed?.Invoke(change);

    private (ObjectKey Key, JsonObject Stored) Current<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = KeyOf(obj);
        if (!_objects.TryGetValue(key, out var stored))
        {
            throw new ClusterNotFoundException($"{obj.Kind} \"{key.Name}\" not found");
        }

        if (obj.Metadata.ResourceVersion != stored["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            throw new ClusterConflictException(
                $"Operation cannot be fulfilled on {obj.Kind} \"{key.Name}\": the object has been modified; please apply your changes to the latest version and try again");
        }

        return (key, stored);
    }

    /// <summary>
    /// A replace at the object's resourceVersion: stores what <paramref name="next"/> makes of the
    /// stored object and tells listeners, unless nothing changed. A replace that removes the last
    /// finalizer of an object being deleted deletes it (and what it controls).
    /// </summary>
    private T Write<T>(T obj, Func<T, JsonObject, JsonObject> next)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var changes = new List<ObjectChange>();
        T result;
        lock (_gate)
        {
            var (key, stored) = Current(obj);
            var node = next(obj, stored);
            if (node["metadata"]!["deletionTimestamp"] is not null && !HasFinalizers(node))
            {
                node["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
                RemoveLocked(key, node, changes);
                result = FromNode<T>(node);
            }
            else if (StoreIfChanged<T>(key, stored, node) is { } replaced)
            {
                changes.Add(new ObjectChange(typeof(T), replaced, Deleted: false));
                result = replaced;
            }
            else
            {
                return FromNode<T>(stored);
            }
        }

        foreach (var change in changes)
        {
            Notify(change);
        }

        return result;
    }

    private T? StoreIfChanged<T>(ObjectKey key, JsonObject stored, JsonObject node)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        JsonNode.DeepEquals(node, stored) ? null : Store<T>(key, node);

    private T Store<T>(ObjectKey key, JsonObject node)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        node["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        _objects[key] = node;
        _readers.TryAdd(typeof(T), static n => FromNode<T>(n));
        return FromNode<T>(node);
    }

    /// <summary>Stores a node of a kind stored before (its reader is known) with a new resourceVersion.</summary>
    private IKubernetesObject<V1ObjectMeta> StoreNode(ObjectKey key, JsonObject node)
    {
        node["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        _objects[key] = node;
        return _readers[key.Kind](node);
    }

    private static bool Matches(IKubernetesObject<V1ObjectMeta> obj, IReadOnlyDictionary<string, string> labels) =>
        labels.All(l => obj.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value);

    private static ObjectKey KeyOf<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new(typeof(T), obj.Metadata.NamespaceProperty ?? throw new ArgumentException($"{obj.Kind} \"{obj.Metadata.Name}\" has no namespace; local mode keeps namespaced objects only."), obj.Metadata.Name);
    }

    private static JsonObject ToNode<T>(T obj) => StoredObjects.ToNode(obj);

    private static T FromNode<T>(JsonObject node) => StoredObjects.FromNode<T>(node);

    private readonly record struct ObjectKey(Type Kind, string Namespace, string Name);
}

/// <summary>An object was created or changed (<paramref name="Object"/> as it is now) or deleted (as it was).</summary>
public sealed record ObjectChange(Type Kind, IKubernetesObject<V1ObjectMeta> Object, bool Deleted);

/// <summary>An Event recorded in local mode.</summary>
public sealed record LocalEvent(DateTimeOffset Time, string Kind, string Namespace, string Name, ClusterEvent Event);
