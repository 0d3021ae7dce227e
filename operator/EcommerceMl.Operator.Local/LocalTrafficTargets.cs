using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Traffic;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Local mode's scrape targets for the canary analysis: there are no Pods, so the stable and canary Deployments'
/// ready processes (<see cref="LocalDeploymentRunner.AddressOf"/>). A process's address is its id: a restarted
/// process listens on a new port, so it counts from zero as a new Pod would.
/// </summary>
internal static class LocalTrafficTargets
{
    public static Func<TrafficRequest, IReadOnlyList<ScrapeTarget>> Of(LocalDeploymentRunner runner) => request =>
    {
        var md = request.Deployment;
        var ns = md.Metadata.NamespaceProperty;
        return [.. new[] { ModelDeploymentBuilder.DeploymentName(md), ModelDeploymentBuilder.CanaryName(md) }
            .Select(name => runner.AddressOf(ns, name))
            .OfType<string>()
            .Select(url => new ScrapeTarget(url, new Uri($"{url}/metrics")))];
    };
}
