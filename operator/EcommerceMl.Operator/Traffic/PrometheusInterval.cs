using System.Globalization;
using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Traffic;

/// <summary>One query's answer: its samples, or why Prometheus gave none (unreachable, an HTTP error, <c>status: error</c>).</summary>
public sealed record QueryOutcome(IReadOnlyList<MetricSample>? Samples, string? Problem)
{
    public static QueryOutcome Of(IReadOnlyList<MetricSample> samples) => new(samples, null);

    public static QueryOutcome Failed(string problem) => new(null, problem);
}

/// <summary>What Prometheus answered at the end of an interval, one outcome per query of <see cref="PrometheusQueries"/>.</summary>
public sealed record PrometheusReadings(
    QueryOutcome Requests,
    QueryOutcome DurationBuckets,
    QueryOutcome Answers,
    QueryOutcome Conversions,
    QueryOutcome Scrapes,
    QueryOutcome SuccessfulScrapes);

/// <summary>
/// An interval's traffic from Prometheus's answers: the increases per version become the canary's and the stable
/// version's numbers (<see cref="TrafficDeltas.Of"/>, as the scraping source sums them), and everything that makes
/// them incomplete becomes a problem, so the interval cannot succeed (a failure among the requests that were
/// counted still counts):
/// <list type="bullet">
/// <item>a query Prometheus did not answer (the others' numbers are kept);</item>
/// <item>no scrape at all of the Pods in the interval: Prometheus is not scraping them (or not yet), or less often than the interval;</item>
/// <item>at most one scrape of any Pod: the interval is shorter than two scrape intervals, and <c>increase</c> needs two samples;</item>
/// <item>a Pod that ran through the interval with fewer than two successful scrapes: its requests are missing;</item>
/// <item>a value that is not a number (NaN, ±Inf), left out.</item>
/// </list>
/// A Pod started during the interval is not expected to have two scrapes (what it answered before its first is
/// lost, as with any Prometheus <c>increase</c>). Pure.
/// </summary>
public static class PrometheusInterval
{
    public static IntervalTraffic Assemble(
        DateTime start, DateTime end, PrometheusReadings readings, PrometheusScope scope, string candidate, string stable,
        IReadOnlyCollection<string> podsThroughout, string prometheus)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(podsThroughout);
        var problems = new List<string>();
        var named = new (string What, QueryOutcome Outcome)[]
        {
            ("requests", readings.Requests), ("duration buckets", readings.DurationBuckets), ("recommendation answers", readings.Answers),
            ("conversions", readings.Conversions), ("scrapes", readings.Scrapes), ("successful scrapes", readings.SuccessfulScrapes),
        };
        problems.AddRange(named.Where(n => n.Outcome.Problem is not null)
            .GroupBy(n => n.Outcome.Problem!, StringComparer.Ordinal)
            .Select(g => $"Prometheus at {prometheus} did not answer the {string.Join(", ", g.Select(n => n.What))} {(g.Count() == 1 ? "query" : "queries")}: {g.Key}"));

        var increases = new List<MetricSample>();
        foreach (var sample in new[] { readings.Requests, readings.DurationBuckets, readings.Answers, readings.Conversions }.SelectMany(o => o.Samples ?? []))
        {
            if (double.IsFinite(sample.Value))
            {
                increases.Add(sample);
            }
            else
            {
                problems.Add(Invariant($"Prometheus answered {sample.Value} for {sample.SeriesKey}: left out"));
            }
        }

        if (readings.Scrapes.Samples is { } scrapes && readings.SuccessfulScrapes.Samples is { } successful)
        {
            problems.AddRange(ScrapeProblems(ByPod(scrapes), ByPod(successful), scope, podsThroughout, end - start));
        }

        return new IntervalTraffic(start, end, TrafficDeltas.Of(increases, candidate), TrafficDeltas.Of(increases, stable), problems);
    }

    private static IEnumerable<string> ScrapeProblems(
        Dictionary<string, double> scrapes, Dictionary<string, double> successful, PrometheusScope scope, IReadOnlyCollection<string> podsThroughout, TimeSpan length)
    {
        if (scrapes.Count == 0)
        {
            yield return Invariant($"Prometheus has no scrape of the inference Pods ({string.Join(", ", scope.Pods)}) in namespace {scope.Namespace} during the {length.TotalSeconds:0.###} s interval: ")
                + "either it does not scrape them (the chart's ServiceMonitor, metrics.serviceMonitor.enabled, or the Pods' prometheus.io annotations, with the labels namespace and pod), "
                + "or it scrapes them less often than that, and an interval shorter than two scrape intervals cannot be judged";
            yield break;
        }

        if (scrapes.Values.Max() < 2)
        {
            yield return Invariant($"Prometheus scraped each inference Pod at most once in the {length.TotalSeconds:0.###} s interval: increase() needs two samples, ")
                + "so an interval shorter than two scrape intervals cannot be judged; make rollout.analysis.interval at least twice Prometheus's scrape interval";
            yield break;
        }

        foreach (var pod in podsThroughout.Order(StringComparer.Ordinal))
        {
            var count = scrapes.GetValueOrDefault(pod);
            var good = successful.GetValueOrDefault(pod);
            if (good < 2)
            {
                yield return Invariant($"Prometheus has {good:0} successful scrapes of Pod {pod} in the interval ({count - good:0} failed); increase() needs two, so its requests are missing");
            }
        }
    }

    // A Pod scraped by two jobs (a ServiceMonitor and the annotations) has two up series: either one's scrapes count.
    private static Dictionary<string, double> ByPod(IEnumerable<MetricSample> samples) =>
        samples.Where(s => double.IsFinite(s.Value))
            .GroupBy(s => s.Label(PrometheusQueries.PodLabel), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(s => s.Value), StringComparer.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
