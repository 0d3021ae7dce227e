using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// The manifest of the version a Model monitors, read from its store: the servable one, unless its ModelDeployments
/// serve another (<see cref="MonitoredVersion"/>) that this store holds for the Model's namespace (else what they serve
/// is not this Model's to judge, and the servable version is monitored as before). The Model reconciler and
/// <c>ecml retrain check</c> both read it here, so the check judges the reports the reconciler judges.
/// </summary>
public static class MonitoredManifest
{
    /// <param name="store">The Model's store.</param>
    /// <param name="model">The Model.</param>
    /// <param name="servable">Its servable version's manifest; null when there is none.</param>
    /// <param name="deployments">The ModelDeployments of the Model's namespace (any model's: those of others are ignored).</param>
    public static async Task<ModelManifest?> ReadAsync(
        IModelStore store, Model model, ModelManifest? servable, IEnumerable<ModelDeployment> deployments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(model);
        var version = MonitoredVersion.Choose(model.Metadata.Name, servable?.Version, deployments);
        if (version is null || version == servable?.Version)
        {
            return servable;
        }

        var served = await store.GetManifestAsync(model.Metadata.Name, version, cancellationToken).ConfigureAwait(false);
        return served is not null && VersionNamespaces.Of(model.Metadata.NamespaceProperty).WhyRefused(served) is null ? served : servable;
    }
}
