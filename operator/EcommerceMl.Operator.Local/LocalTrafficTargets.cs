using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Traffic;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Local mode's scrape targets for the canary analysis: there are no Pod IPs, so every ready replica of the stable
/// and canary Deployments (<see cref="LocalDeploymentRunner.AddressesOf"/>). A replica's address is its id: a
/// replacement listens on a new port, so it counts from zero as a new Pod would.
/// </summary>
internal static class LocalTrafficTargets
{
    public static Func<TrafficRequest, IReadOnlyList<ScrapeTarget>> Of(LocalDeploymentRunner runner) => request =>
    {
        var md = request.Deployment;
        var ns = md.Metadata.NamespaceProperty;
        return [.. new[] { ModelDeploymentBuilder.DeploymentName(md), ModelDeploymentBuilder.CanaryName(md) }
            .SelectMany(name => runner.AddressesOf(ns, name))
            .Select(url => new ScrapeTarget(url, new Uri($"{url}/metrics")))];
    };
}
