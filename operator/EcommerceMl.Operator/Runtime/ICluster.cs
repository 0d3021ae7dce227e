using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// The one narrow port through which reconcilers touch a cluster. Implemented against Kubernetes
/// (KubernetesClient), in memory for unit tests, and by local mode's adapters, so the same
/// reconcilers run everywhere. Objects are namespaced; kinds are known by their C# type.
/// </summary>
public interface ICluster
{
    /// <summary>The object, or null when it does not exist.</summary>
    Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// <paramref name="ns"/> of <see cref="ListAsync{T}"/> that lists every namespace (client-go's <c>NamespaceAll</c>):
    /// for what spans namespaces, such as which model versions any ModelDeployment still uses.
    /// </summary>
    const string AllNamespaces = "";

    /// <summary>
    /// Objects of the namespace (every namespace for <see cref="AllNamespaces"/>) whose labels include every pair of
    /// <paramref name="labels"/>, sorted by namespace, then name.
    /// </summary>
    Task<IReadOnlyList<T>> ListAsync<T>(string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Creates the object (status is ignored); throws <see cref="ClusterAlreadyExistsException"/> when the name is taken.</summary>
    Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces metadata and spec (never status) of the object at <c>metadata.resourceVersion</c>;
    /// throws <see cref="ClusterConflictException"/> when it changed since, <see cref="ClusterNotFoundException"/> when it is gone.
    /// </summary>
    Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Replaces only the status, through the status subresource, with the same concurrency rules as <see cref="ReplaceAsync{T}"/>.</summary>
    Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Deletes the object, its dependents in the background (garbage collection); false when it did
    /// not exist. Used for what a spec no longer asks for (a canary after promotion, an HPA after
    /// autoscaling is removed).
    /// </summary>
    Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Records a Kubernetes Event about <paramref name="regarding"/>: only for what a user should see.</summary>
    Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, ClusterEvent clusterEvent, CancellationToken cancellationToken = default);
}

/// <summary>An Event: <c>Normal</c> or <c>Warning</c>, a CamelCase reason and a sentence.</summary>
public sealed record ClusterEvent(string Type, string Reason, string Message)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}

/// <summary>Base of the API errors a reconciler handles (the rest are retried by the runtime).</summary>
public abstract class ClusterException(string message) : Exception(message);

/// <summary>409 AlreadyExists.</summary>
public sealed class ClusterAlreadyExistsException(string message) : ClusterException(message);

/// <summary>409 Conflict: the object changed since it was read.</summary>
public sealed class ClusterConflictException(string message) : ClusterException(message);

/// <summary>404 NotFound.</summary>
public sealed class ClusterNotFoundException(string message) : ClusterException(message);
