using System.Collections.Concurrent;
using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Traffic;

/// <summary>
/// The default traffic source: scrape every inference server of the ModelDeployment (stable and canary; the
/// <c>version</c> label tells them apart) when an interval opens and when it ends, and take the difference
/// (<see cref="TrafficDeltas"/>). The opening scrape is kept in memory: after an operator restart the first interval
/// is opened again, so it costs one interval, never a wrong number. No Prometheus needed.
/// </summary>
public sealed class ScrapedTraffic(Func<TrafficRequest, IReadOnlyList<ScrapeTarget>> targets, HttpClient http) : ICanaryTrafficSource
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed record Window(string Candidate, string Stable, ServingScrape Start);

    public async Task<IntervalTraffic?> MeasureAsync(TrafficRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_windows.TryGetValue(request.Key, out var open) && open.Candidate == request.Candidate && open.Stable == request.Stable
            && request.Now - open.Start.At < request.Interval)
        {
            return null;
        }

        var scrape = await ScrapeAsync(targets(request), request.Now, cancellationToken).ConfigureAwait(false);
        _windows[request.Key] = new Window(request.Candidate, request.Stable, scrape);
        return open is not null && open.Candidate == request.Candidate && open.Stable == request.Stable
            ? TrafficDeltas.Between(open.Start, scrape, request.Deployment.Spec.Model, request.Candidate, request.Stable)
            : null;
    }

    public void Forget(string key) => _windows.TryRemove(key, out _);

    private async Task<ServingScrape> ScrapeAsync(IReadOnlyList<ScrapeTarget> all, DateTime now, CancellationToken cancellationToken)
    {
        var scraped = await Task.WhenAll(all.Select(t => ScrapeOneAsync(t, cancellationToken))).ConfigureAwait(false);
        return new ServingScrape(
            now,
            scraped.Where(s => s.Samples is not null).ToDictionary(s => s.Target.Id, s => s.Samples!, StringComparer.Ordinal),
            [.. scraped.Where(s => s.Problem is not null).Select(s => s.Problem!)])
        {
            Unread = [.. scraped.Where(s => s.Samples is null).Select(s => s.Target.Id)],
        };
    }

    private async Task<(ScrapeTarget Target, IReadOnlyList<MetricSample>? Samples, string? Problem)> ScrapeOneAsync(ScrapeTarget target, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(target.MetricsUrl, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (target, null, $"{target.MetricsUrl} answered {(int)response.StatusCode}");
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return (target, PrometheusText.Parse(text, ServingScrape.IsRead), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            return (target, null, $"{target.MetricsUrl}: {e.Message}");
        }
    }
}
