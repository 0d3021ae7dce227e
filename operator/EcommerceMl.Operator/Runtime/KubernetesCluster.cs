using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// The cluster port on KubernetesClient. Every kind goes through the CustomObjects operations with
/// the group, version and plural of its type (the client maps the empty core group to /api/v1),
/// status through the /status subresource, and API errors become the port's typed exceptions.
/// </summary>
internal sealed partial class KubernetesCluster(IKubernetes client, TimeProvider time, ILogger<KubernetesCluster> logger) : ICluster
{
    /// <summary>The component named as the source of Events.</summary>
    public const string Component = "ecommerce-ml-operator";

    private long _events;

    public async Task<T?> GetAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = ApiResource.Of<T>();
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<T>(r.Group, r.Version, ns, r.Plural, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsObjectNotFound(e))
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            throw ApiErrors.Translate(e, r, ns, name);
        }
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = ApiResource.Of<T>();
        var selector = labels.Count == 0 ? null : string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        try
        {
            var list = ns == ICluster.AllNamespaces
                ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<ObjectList<T>>(
                    r.Group, r.Version, r.Plural, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync<ObjectList<T>>(
                    r.Group, r.Version, ns, r.Plural, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
            return [.. list.Items.OrderBy(o => o.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(o => o.Metadata.Name, StringComparer.Ordinal)];
        }
        catch (HttpOperationException e)
        {
            throw ApiErrors.Translate(e, r, ns, "*");
        }
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync(obj, (r, ns, _) => client.CustomObjects.CreateNamespacedCustomObjectAsync<T>(obj, r.Group, r.Version, ns, r.Plural, cancellationToken: cancellationToken));

    public Task<T> ReplaceAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync(obj, (r, ns, name) => client.CustomObjects.ReplaceNamespacedCustomObjectAsync<T>(obj, r.Group, r.Version, ns, r.Plural, name, cancellationToken: cancellationToken));

    public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync(obj, (r, ns, name) => client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(obj, r.Group, r.Version, ns, r.Plural, name, cancellationToken: cancellationToken));

    public async Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = ApiResource.Of<T>();
        try
        {
            // Background: the object goes now and the garbage collector removes its dependents (a Deployment's ReplicaSets and Pods).
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                r.Group, r.Version, ns, r.Plural, name, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.IsObjectNotFound(e))
        {
            return false;
        }
        catch (HttpOperationException e)
        {
            throw ApiErrors.Translate(e, r, ns, name);
        }
    }

    /// <summary>
    /// Records a core/v1 Event. Like client-go's recorder, a failed Event is logged and dropped:
    /// it must never fail (and so repeat) the reconcile that caused it.
    /// </summary>
    public async Task RecordEventAsync(IKubernetesObject<V1ObjectMeta> regarding, ClusterEvent clusterEvent, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = regarding.Metadata.NamespaceProperty;
        var suffix = (now.Ticks * 100 + (Interlocked.Increment(ref _events) % 100)).ToString("x", CultureInfo.InvariantCulture);
        var body = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{regarding.Metadata.Name}.{suffix}", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = regarding.ApiVersion, Kind = regarding.Kind, Name = regarding.Metadata.Name, NamespaceProperty = ns,
                Uid = regarding.Metadata.Uid, ResourceVersion = regarding.Metadata.ResourceVersion,
            },
            Type = clusterEvent.Type,
            Reason = clusterEvent.Reason,
            Message = clusterEvent.Message,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(body, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            LogEventFailed(clusterEvent.Reason, regarding.Kind, regarding.Metadata.Name, ApiErrors.StatusOf(e)?.Message ?? e.Message);
        }
    }

    private static async Task<T> SendAsync<T>(T obj, Func<ApiResource, string, string, Task<T>> send)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = ApiResource.Of<T>();
        var ns = obj.Metadata.NamespaceProperty ?? throw new ArgumentException($"{r.Kind} {obj.Metadata.Name} has no namespace; the operator manages namespaced objects only.", nameof(obj));
        obj.ApiVersion ??= r.GroupVersion;
        obj.Kind ??= r.Kind;
        try
        {
            return await send(r, ns, obj.Metadata.Name).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw ApiErrors.Translate(e, r, ns, obj.Metadata.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record Event {Reason} on {Kind} {Name}: {Error}")]
    private partial void LogEventFailed(string reason, string kind, string name, string error);
}
