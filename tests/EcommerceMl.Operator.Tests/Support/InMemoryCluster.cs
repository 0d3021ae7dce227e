using System.Text.Json.Nodes;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>
/// The cluster port in memory, with the API server's rules a reconciler can observe: one global
/// resourceVersion counter, uid and generation on create, 409 on a name taken or a stale
/// resourceVersion, status ignored on create and on main-resource writes, spec ignored on status
/// writes, generation bumped on spec changes only, and a write that changes nothing is a no-op.
/// Finalizers as the API server keeps them: deleting an object that has some only sets its
/// deletionTimestamp, and the update that removes the last one deletes it.
/// Objects are stored as JSON, so callers never share instances with the store. No controllers
/// run: tests play the Job controller by writing Job and Pod status themselves.
/// </summary>
internal sealed class InMemoryCluster(TimeProvider time) : ICluster
{
    private readonly Dictionary<ObjectKey, JsonObject> _objects = [];
    private readonly List<(string Regarding, ClusterEvent Event)> _events = [];
    private long _resourceVersion = 100;
    private long _uids;

    /// <summary>Writes that changed something (creates, replaces, status replaces).</summary>
    public int Writes { get; private set; }

    public IReadOnlyList<(string Regarding, ClusterEvent Event)> Events => _events;

    public int Count<T>() => _objects.Keys.Count(k => k.Kind == typeof(T));

    public Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Task.FromResult(_objects.TryGetValue(new ObjectKey(typeof(T), ns, name), out var node) ? FromNode<T>(node) : null);

    public Task<IReadOnlyList<T>> ListAsync<T>(string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        IReadOnlyList<T> items = [.. _objects
            .Where(pair => pair.Key.Kind == typeof(T) && (ns == ICluster.AllNamespaces || pair.Key.Namespace == ns))
            .OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
            .Select(pair => FromNode<T>(pair.Value))
            .Where(o => labels.All(l => o.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value))];
        return Task.FromResult(items);
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = KeyOf(obj);
        if (_objects.ContainsKey(key))
        {
            throw new ClusterAlreadyExistsException($"{typeof(T).Name} \"{key.Name}\" already exists");
        }

        var node = StoredObjects.Created(obj, $"00000000-0000-0000-0000-{++_uids:D12}", time.GetUtcNow().UtcDateTime);
        return Task.FromResult(Store<T>(key, node));
    }

    public Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (key, stored) = Current(obj);
        var node = StoredObjects.Replaced(obj, stored);
        if (node["metadata"]!["deletionTimestamp"] is not null && !HasFinalizers(node))
        {
            // The last finalizer is gone: the object goes with it.
            _objects.Remove(key);
            ++_resourceVersion;
            Writes++;
            return Task.FromResult(FromNode<T>(node));
        }

        return Task.FromResult(JsonNode.DeepEquals(node, stored) ? FromNode<T>(stored) : Store<T>(key, node));
    }

    public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (key, stored) = Current(obj);
        var node = StoredObjects.StatusReplaced(obj, stored);
        return Task.FromResult(JsonNode.DeepEquals(node, stored) ? FromNode<T>(stored) : Store<T>(key, node));
    }

    public Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = new ObjectKey(typeof(T), ns, name);
        if (_objects.TryGetValue(key, out var stored) && HasFinalizers(stored))
        {
            if (stored["metadata"]!["deletionTimestamp"] is null)
            {
                var marked = stored.DeepClone().AsObject();
                marked["metadata"]!["deletionTimestamp"] = KubernetesJson.Serialize(ApiTime.Now(time)).Trim('"');
                Store<T>(key, marked);
            }

            return Task.FromResult(true);
        }

        var deleted = _objects.Remove(key);
        if (deleted)
        {
            ++_resourceVersion;
            Writes++;
        }

        return Task.FromResult(deleted);
    }

    public Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, ClusterEvent clusterEvent, CancellationToken cancellationToken = default)
    {
        _events.Add(($"{regarding.Kind}/{regarding.Metadata.Name}", clusterEvent));
        return Task.CompletedTask;
    }

    /// <summary>What a controller or kubectl would do outside the reconciler: replace the status as it stands now, whatever the resourceVersion.</summary>
    public async Task<T> SetStatusAsync<T>(string ns, string name, Action<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var current = await GetAsync<T>(ns, name) ?? throw new ClusterNotFoundException($"{typeof(T).Name} {ns}/{name} not found");
        change(current);
        return await ReplaceStatusAsync(current);
    }

    public void Delete<T>(string ns, string name) => _objects.Remove(new ObjectKey(typeof(T), ns, name));

    private (ObjectKey Key, JsonObject Stored) Current<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = KeyOf(obj);
        if (!_objects.TryGetValue(key, out var stored))
        {
            throw new ClusterNotFoundException($"{typeof(T).Name} \"{key.Name}\" not found");
        }

        var storedVersion = stored["metadata"]!["resourceVersion"]!.GetValue<string>();
        if (obj.Metadata.ResourceVersion != storedVersion)
        {
            throw new ClusterConflictException(
                $"Operation cannot be fulfilled on {typeof(T).Name} \"{key.Name}\": the object has been modified; please apply your changes to the latest version and try again");
        }

        return (key, stored);
    }

    private T Store<T>(ObjectKey key, JsonObject node)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        node["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _objects[key] = node;
        Writes++;
        return FromNode<T>(node);
    }

    private static ObjectKey KeyOf<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new(typeof(T), obj.Metadata.NamespaceProperty ?? throw new ArgumentException("namespaced objects only"), obj.Metadata.Name);

    private static T FromNode<T>(JsonObject node) => StoredObjects.FromNode<T>(node);

    private static bool HasFinalizers(JsonObject node) => node["metadata"]?["finalizers"] is JsonArray { Count: > 0 };

    private readonly record struct ObjectKey(Type Kind, string Namespace, string Name);
}
