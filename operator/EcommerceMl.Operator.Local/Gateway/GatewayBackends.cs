using System.Collections.Concurrent;
using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Contracts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Local.Gateway;

/// <summary>
/// The gateway's view of the local cluster: each ModelDeployment with the address its Service resolves
/// to (set by <see cref="LocalDeploymentRunner"/> once a replica is ready) and its model's task, read
/// once from the store (a model's task never changes).
/// </summary>
internal sealed class GatewayBackends(LocalCluster cluster, IModelStore store)
{
    private readonly ConcurrentDictionary<string, string> _tasks = new(StringComparer.Ordinal);
    private readonly Random _spread = new(18); // seeded: the same requests take the same paths

    /// <summary>Every ModelDeployment with an address drawn from its Service; never <paramref name="avoid"/> while the Service lists another.</summary>
    public async Task<IReadOnlyList<GatewayBackend>> ListAsync(CancellationToken cancellationToken, Uri? avoid = null)
    {
        var services = cluster.All<V1Service>();
        var backends = new List<GatewayBackend>();
        foreach (var deployment in cluster.All<ModelDeployment>().Where(d => d.Metadata.DeletionTimestamp is null))
        {
            var model = deployment.Spec.Model;
            var service = services.FirstOrDefault(s =>
                s.Metadata.NamespaceProperty == deployment.Metadata.NamespaceProperty && s.Metadata.Name == ModelDeploymentBuilder.ServiceName(deployment));
            backends.Add(new GatewayBackend(deployment.Metadata.Name, model, await TaskOfAsync(model, cancellationToken).ConfigureAwait(false), AddressOf(service, avoid)));
        }

        return backends;
    }

    /// <summary>
    /// One of the Service's ingress entries (one per replica, stable and canary alike) drawn at random, as a Service
    /// spreads connections over its Pods. Not in turn: a client alternating two kinds of request (a storefront's
    /// recommendation, then its events) would send every request of one kind to the same process.
    /// </summary>
    private Uri? AddressOf(V1Service? service, Uri? avoid)
    {
        var addresses = (service?.Status?.LoadBalancer?.Ingress ?? [])
            .Where(i => i is { Ip: not null, Ports.Count: > 0 })
            .Select(i => new Uri($"http://{i.Ip}:{i.Ports[0].Port.ToString(CultureInfo.InvariantCulture)}"))
            .ToList();
        if (addresses.Count > 1 && avoid is not null)
        {
            addresses.Remove(avoid);
        }

        if (addresses.Count == 0)
        {
            return null;
        }

        lock (_spread)
        {
            return addresses[_spread.Next(addresses.Count)];
        }
    }

    private async Task<string?> TaskOfAsync(string model, CancellationToken cancellationToken)
    {
        if (_tasks.TryGetValue(model, out var known))
        {
            return known;
        }

        try
        {
            var versions = await store.ListVersionIdsAsync(model, cancellationToken).ConfigureAwait(false);
            var task = versions.Count == 0 ? null : (await store.GetManifestAsync(model, versions[^1], cancellationToken).ConfigureAwait(false))?.Task;
            if (task is not null)
            {
                _tasks[model] = task;
            }

            return task;
        }
        catch (Exception e) when (e is ArgumentException or ModelIntegrityException)
        {
            return null; // An invalid name or a broken newest manifest: its ModelDeployment reports that itself.
        }
    }
}
