using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using k8s.Models;

namespace EcommerceMl.Operator.Retention;

/// <summary>
/// The versions of a model that any ModelDeployment uses, each with who uses it: the current, candidate
/// and previous versions of its status, every version its traffic names, a version pinned in
/// <c>spec.version</c> (about to be served), and the version its inference Deployments run (their Pod
/// template's label), so a ModelDeployment whose status was lost still protects what it serves. Model
/// names are the store's keys, not per namespace, so every namespace counts.
/// </summary>
public static class VersionsInUse
{
    /// <summary>
    /// Lists ModelDeployments and inference Deployments in <paramref name="ns"/> — <see cref="ICluster.AllNamespaces"/>
    /// unless the operator watches (and may list in) one namespace only — and returns <see cref="Of"/> them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> FindAsync(
        ICluster cluster, string model, string ns = ICluster.AllNamespaces, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var none = new Dictionary<string, string>();
        var deployments = await cluster.ListAsync<ModelDeployment>(ns, none, cancellationToken).ConfigureAwait(false);
        var workloads = await cluster.ListAsync<V1Deployment>(ns, new Dictionary<string, string> { [StandardLabels.Model] = model }, cancellationToken).ConfigureAwait(false);
        return Of(model, deployments, workloads);
    }

    /// <summary>Version → who uses it ("ModelDeployment shop/recs: current, previous; …"), for the ModelDeployments of <paramref name="model"/>.</summary>
    public static IReadOnlyDictionary<string, string> Of(string model, IEnumerable<ModelDeployment> deployments, IEnumerable<V1Deployment>? workloads = null)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var uses = new List<(string? Version, string User, string Role)>();
        foreach (var md in deployments.Where(d => d.Spec?.Model == model))
        {
            var user = $"ModelDeployment {md.Metadata.NamespaceProperty}/{md.Metadata.Name}";
            var status = md.Status;
            uses.Add((status?.CurrentVersion, user, "current"));
            uses.Add((status?.CandidateVersion, user, "candidate"));
            uses.Add((status?.PreviousVersion, user, "previous"));
            uses.AddRange((status?.Traffic ?? []).Select(t => ((string?)t.Version, user, "traffic")));
            if (!ModelVersions.IsLatest(md.Spec!.Version))
            {
                uses.Add((md.Spec.Version, user, "spec.version"));
            }
        }

        foreach (var workload in (workloads ?? []).Where(w => StandardLabels.ValueOf(w, StandardLabels.Model) == model))
        {
            string? version = null;
            _ = workload.Spec?.Template?.Metadata?.Labels?.TryGetValue(StandardLabels.ModelVersion, out version);
            uses.Add((version, $"Deployment {workload.Metadata.NamespaceProperty}/{workload.Metadata.Name}", "runs"));
        }

        return uses
            .Where(u => !string.IsNullOrEmpty(u.Version))
            .GroupBy(u => u.Version!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => string.Join("; ", g.GroupBy(u => u.User, StringComparer.Ordinal)
                    .Select(byUser => $"{byUser.Key}: {string.Join(", ", byUser.Select(u => u.Role).Distinct(StringComparer.Ordinal))}")),
                StringComparer.Ordinal);
    }
}
