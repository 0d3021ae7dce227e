using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// Which version a Model monitors (docs/decisions.md, "One judge of better"): the one that answers its requests.
/// That is the servable version when no ModelDeployment serves the Model, when one serves it, or while one rolls it
/// out (it is about to serve, and drift on the version it replaces must not start yet another run). Otherwise its
/// ModelDeployments rolled the servable version back or pin others, and the newest version they serve is monitored:
/// drift in what shoppers are answered with should retrain the Model, not drift in a version nobody is answered with.
/// </summary>
public static class MonitoredVersion
{
    /// <param name="model">The Model's name (its ModelDeployments name it in <c>spec.model</c>).</param>
    /// <param name="servable">The servable version, or null when there is none.</param>
    /// <param name="deployments">The ModelDeployments of the Model's namespace (any model's: those of others are ignored).</param>
    public static string? Choose(string model, string? servable, IEnumerable<ModelDeployment> deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var statuses = deployments
            .Where(d => d.Spec?.Model == model && d.Metadata?.DeletionTimestamp is null)
            .Select(d => d.Status)
            .OfType<ModelDeploymentStatus>()
            .ToList();
        var served = statuses.Select(s => s.CurrentVersion).OfType<string>().ToList();
        if (served.Count == 0 || (servable is not null && (served.Contains(servable) || statuses.Any(s => s.CandidateVersion == servable))))
        {
            return servable;
        }

        // Version ids start with their creation time, so the greatest is the newest.
        return served.Max(StringComparer.Ordinal);
    }
}
