using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// Which version a Model monitors (docs/decisions.md, "One judge of better"): the one that answers its requests, or
/// is about to. That is the servable version unless every ModelDeployment of the Model refuses it — rolled it back
/// (<see cref="VersionChoice.WasRolledBack"/>) or pins another version — and at least one serves something; then the
/// newest version they serve: drift in what shoppers are answered with should retrain the Model, not drift in a version
/// nobody is answered with. A ModelDeployment on <c>latest</c> that has not rolled the servable version out yet (it
/// has not looked at the store since, or is rolling it out) is about to serve it, so the servable version is monitored:
/// drift on the version it replaces must not start yet another run meanwhile.
/// </summary>
public static class MonitoredVersion
{
    /// <param name="model">The Model's name (its ModelDeployments name it in <c>spec.model</c>).</param>
    /// <param name="servable">The servable version, or null when there is none.</param>
    /// <param name="deployments">The ModelDeployments of the Model's namespace (any model's: those of others are ignored).</param>
    public static string? Choose(string model, string? servable, IEnumerable<ModelDeployment> deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var mine = deployments.Where(d => d.Spec?.Model == model && d.Metadata?.DeletionTimestamp is null).ToList();
        var served = mine.Select(d => d.Status?.CurrentVersion).OfType<string>().ToList();
        if (served.Count == 0 || (servable is not null && mine.Any(d => Takes(d, servable))))
        {
            return servable;
        }

        // Version ids start with their creation time, so the greatest is the newest.
        return served.Max(StringComparer.Ordinal);
    }

    /// <summary>The ModelDeployment serves <paramref name="servable"/>, or will: it asks for it (latest, or pinned) and has not rolled it back.</summary>
    private static bool Takes(ModelDeployment md, string servable) =>
        md.Status?.CurrentVersion == servable
        || ((ModelVersions.IsLatest(md.Spec.Version) || md.Spec.Version == servable) && !VersionChoice.WasRolledBack(md.Status, servable));
}
