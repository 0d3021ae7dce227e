using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout.Analysis;
using k8s.Models;

namespace EcommerceMl.Operator.Traffic;

/// <summary>What a traffic source is asked: whose canary, which versions, how long an interval, and what the reconciler read.</summary>
/// <param name="Key">The ModelDeployment's namespace/name: a source keeps one interval window per key.</param>
public sealed record TrafficRequest(
    string Key,
    ModelDeployment Deployment,
    string Candidate,
    string Stable,
    TimeSpan Interval,
    IReadOnlyList<V1Pod> Pods,
    DateTime Now);

/// <summary>
/// Where the canary analysis' numbers come from: the inference Pods' <c>/metrics</c> scraped directly (the default,
/// <see cref="ScrapedTraffic"/>), or Prometheus by PromQL (<see cref="PrometheusTraffic"/>).
/// </summary>
public interface ICanaryTrafficSource
{
    /// <summary>The traffic of the interval that ended by <see cref="TrafficRequest.Now"/>, or null while it is still running (or has just been opened).</summary>
    Task<IntervalTraffic?> MeasureAsync(TrafficRequest request, CancellationToken cancellationToken);

    /// <summary>No analysis runs for <paramref name="key"/> any more: drop what is kept for it.</summary>
    void Forget(string key);
}
