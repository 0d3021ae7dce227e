using System.Globalization;
using EcommerceMl.Operator.Builders;
using k8s.Models;

namespace EcommerceMl.Operator.Traffic;

/// <summary>One inference server to scrape: an id that changes when its process does (a Pod's uid, a local process's address) and its metrics URL.</summary>
public sealed record ScrapeTarget(string Id, Uri MetricsUrl);

/// <summary>
/// The inference Pods of a ModelDeployment as scrape targets: each running Pod with an IP (from the API, as the
/// kubelet reports it), on its inference container's <c>http</c> port (the template's 8080 unless the Pod says
/// otherwise). Pure.
/// </summary>
public static class PodTargets
{
    public static IReadOnlyList<ScrapeTarget> Of(TrafficRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. request.Pods
            .Where(p => p.Status?.PodIP is { Length: > 0 } && p.Status.Phase == "Running" && p.Metadata.DeletionTimestamp is null)
            .Select(p => new ScrapeTarget(p.Metadata.Uid ?? p.Metadata.Name, new Uri($"http://{Host(p.Status.PodIP)}:{Port(p).ToString(CultureInfo.InvariantCulture)}/metrics")))];
    }

    private static int Port(V1Pod pod) =>
        pod.Spec?.Containers?.FirstOrDefault(c => c.Name == ModelDeploymentBuilder.ContainerName)?.Ports?.FirstOrDefault(p => p.Name == ModelDeploymentBuilder.PortName)?.ContainerPort
        ?? ModelDeploymentBuilder.ContainerPort;

    // An IPv6 Pod IP goes in brackets in a URL.
    private static string Host(string ip) => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
}
