using System.Collections.Concurrent;
using EcommerceMl.Contracts.Observability;
using EcommerceMl.Operator.Rollout.Analysis;
using k8s.Models;

namespace EcommerceMl.Operator.Traffic;

/// <summary>
/// The traffic source when the operator is given a Prometheus (<c>ECML_PROMETHEUS_URL</c>): intervals open and end
/// as the scraping source's do (the first when the canary answers; each ends once the analysis interval has passed,
/// and the next opens then), and at an interval's end Prometheus is asked, at that time (<c>time=</c>), for each
/// series' <c>increase</c> over exactly the interval by version (<see cref="PrometheusQueries"/>), restricted to the
/// ModelDeployment's namespace and running inference Pods by the labels Prometheus's Kubernetes discovery gives
/// every target (<c>namespace</c>, <c>pod</c>) and to its model and the two versions by the series' own labels. The
/// stable version's numbers come from the same queries, for the relative p99 and the conversion comparison.
/// Prometheus not answering, or answering partly, is an interval with problems (<see cref="PrometheusInterval"/>):
/// inconclusive, never a success and never an exception. Only the interval's start is kept in memory.
/// </summary>
public sealed class PrometheusTraffic(PrometheusApi prometheus) : ICanaryTrafficSource
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed record Window(string Candidate, string Stable, DateTime Start);

    public async Task<IntervalTraffic?> MeasureAsync(TrafficRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_windows.TryGetValue(request.Key, out var open) && open.Candidate == request.Candidate && open.Stable == request.Stable
            && request.Now - open.Start < request.Interval)
        {
            return null;
        }

        _windows[request.Key] = new Window(request.Candidate, request.Stable, request.Now);
        return open is not null && open.Candidate == request.Candidate && open.Stable == request.Stable
            ? await QueryAsync(request, open.Start, cancellationToken).ConfigureAwait(false)
            : null;
    }

    public void Forget(string key) => _windows.TryRemove(key, out _);

    private async Task<IntervalTraffic> QueryAsync(TrafficRequest request, DateTime start, CancellationToken cancellationToken)
    {
        var end = request.Now;
        var running = Running(request.Pods);
        if (running.Count == 0)
        {
            return new IntervalTraffic(start, end, VersionTraffic.None, VersionTraffic.None, ["no inference Pod is running to ask Prometheus about"]);
        }

        var scope = new PrometheusScope(request.Deployment.Metadata.NamespaceProperty, [.. running.Select(p => p.Metadata.Name)], request.Deployment.Spec.Model, [request.Candidate, request.Stable]);
        var range = end - start;
        var answers = await Task.WhenAll(
            prometheus.QueryAsync(PrometheusQueries.Requests(scope, range), end, ServingMetrics.RequestsTotal, cancellationToken),
            prometheus.QueryAsync(PrometheusQueries.DurationBuckets(scope, range), end, ServingScrape.RequestDurationBucket, cancellationToken),
            prometheus.QueryAsync(PrometheusQueries.Answers(scope, range), end, ServingMetrics.RecommendationsAnsweredTotal, cancellationToken),
            prometheus.QueryAsync(PrometheusQueries.Conversions(scope, range), end, ServingMetrics.RecommendationConversionsTotal, cancellationToken),
            prometheus.QueryAsync(PrometheusQueries.Scrapes(scope, range), end, PrometheusQueries.Up, cancellationToken),
            prometheus.QueryAsync(PrometheusQueries.SuccessfulScrapes(scope, range), end, PrometheusQueries.Up, cancellationToken)).ConfigureAwait(false);
        var readings = new PrometheusReadings(answers[0], answers[1], answers[2], answers[3], answers[4], answers[5]);
        // A Pod the kubelet started before the interval should have been scraped through it; an unknown start is taken as before.
        var throughout = running.Where(p => p.Status.StartTime is not { } started || started.ToUniversalTime() <= start).Select(p => p.Metadata.Name).ToList();
        return PrometheusInterval.Assemble(start, end, readings, scope, request.Candidate, request.Stable, throughout, prometheus.Settings.Display);
    }

    /// <summary>The Pods Prometheus should be scraping now: running, not being deleted (as the scraping source's targets).</summary>
    private static List<V1Pod> Running(IReadOnlyList<V1Pod> pods) =>
        [.. pods.Where(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null && !string.IsNullOrEmpty(p.Metadata.Name))];
}
