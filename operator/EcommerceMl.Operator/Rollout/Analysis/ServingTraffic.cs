using EcommerceMl.Contracts.Observability;

namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>A cumulative histogram bucket: requests that took at most <see cref="UpperBound"/> seconds (<c>le</c>).</summary>
public sealed record HistogramBucket(double UpperBound, double Count);

/// <summary>
/// What one version did in an interval: requests answered (and how many with a 5xx), their duration histogram, and
/// for recommendations the answers given and the conversions attributed to them, by kind.
/// </summary>
public sealed record VersionTraffic(
    double Requests,
    double Errors,
    IReadOnlyList<HistogramBucket> Buckets,
    double Answers,
    IReadOnlyDictionary<string, double> Conversions)
{
    public static VersionTraffic None { get; } = new(0, 0, [], 0, new Dictionary<string, double>());

    /// <summary>Share answered without a 5xx; null without requests.</summary>
    public double? SuccessRate => Requests > 0 ? (Requests - Errors) / Requests : null;

    /// <summary>The 99th percentile of the request duration in seconds; null without requests.</summary>
    public double? P99 => HistogramQuantile.Of(0.99, Buckets);

    public double ConversionsOf(string kind) => Conversions.TryGetValue(kind, out var value) ? value : 0;
}

/// <summary>One interval of live traffic, canary and stable side by side; <see cref="Problems"/> say what could not be read.</summary>
public sealed record IntervalTraffic(DateTime Start, DateTime End, VersionTraffic Canary, VersionTraffic Stable, IReadOnlyList<string> Problems)
{
    public TimeSpan Length => End - Start;
}

/// <summary>
/// Every inference Pod's <c>/metrics</c> at one moment, by target (a Pod, or a local process); the targets that
/// could not be read (<see cref="Unread"/>, by id) and why (<see cref="Problems"/>).
/// </summary>
public sealed record ServingScrape(DateTime At, IReadOnlyDictionary<string, IReadOnlyList<MetricSample>> Targets, IReadOnlyList<string> Problems)
{
    public IReadOnlyCollection<string> Unread { get; init; } = [];

    /// <summary>The series the analysis reads (<see cref="ServingMetrics"/>), so a scrape keeps nothing else.</summary>
    public static bool IsRead(string name) =>
        name is ServingMetrics.RequestsTotal or ServingMetrics.RecommendationsAnsweredTotal or ServingMetrics.RecommendationConversionsTotal
            or RequestDurationBucket;

    public const string RequestDurationBucket = ServingMetrics.RequestDurationSeconds + "_bucket";
}

/// <summary>
/// The traffic of an interval from the scrapes at its start and end: each series' increase on each target, summed
/// per version (the <c>version</c> label, so it does not matter which Pod answered; conversions are counted on
/// whichever Pod received the event). A counter lower than before was reset (the Pod's process restarted): its
/// whole value is the increase, as Prometheus' <c>increase()</c> takes it; a target new since the start counts from
/// zero (a new Pod), unless it could not be read at the start (its lifetime is not this interval's). Pure.
/// </summary>
public static class TrafficDeltas
{
    public static IntervalTraffic Between(ServingScrape start, ServingScrape end, string model, string canaryVersion, string stableVersion)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        var increases = new List<MetricSample>();
        foreach (var (target, samples) in end.Targets.Where(t => !start.Unread.Contains(t.Key)))
        {
            var before = start.Targets.TryGetValue(target, out var earlier)
                ? earlier.GroupBy(s => s.SeriesKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal)
                : [];
            foreach (var sample in samples.Where(s => s.Label(ServingMetrics.ModelLabel) == model))
            {
                var previous = before.TryGetValue(sample.SeriesKey, out var value) ? value : 0;
                var increase = sample.Value >= previous ? sample.Value - previous : sample.Value;
                increases.Add(sample with { Value = double.IsFinite(increase) ? increase : 0 });
            }
        }

        return new IntervalTraffic(start.At, end.At, Of(increases, canaryVersion), Of(increases, stableVersion), [.. start.Problems.Concat(end.Problems).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>One version's totals from the series' increases.</summary>
    public static VersionTraffic Of(IEnumerable<MetricSample> increases, string version)
    {
        ArgumentNullException.ThrowIfNull(increases);
        var mine = increases.Where(s => s.Label(ServingMetrics.VersionLabel) == version).ToList();
        var requests = mine.Where(s => s.Name == ServingMetrics.RequestsTotal).ToList();
        var buckets = mine.Where(s => s.Name == ServingScrape.RequestDurationBucket)
            .GroupBy(s => ParseBound(s.Label("le")))
            .Where(g => !double.IsNaN(g.Key))
            .OrderBy(g => g.Key)
            .Select(g => new HistogramBucket(g.Key, g.Sum(s => s.Value)))
            .ToList();
        var conversions = mine.Where(s => s.Name == ServingMetrics.RecommendationConversionsTotal)
            .GroupBy(s => s.Label(ServingMetrics.KindLabel), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
        return new VersionTraffic(
            requests.Sum(s => s.Value),
            requests.Where(s => s.Label(ServingMetrics.CodeLabel).StartsWith('5')).Sum(s => s.Value),
            buckets,
            mine.Where(s => s.Name == ServingMetrics.RecommendationsAnsweredTotal).Sum(s => s.Value),
            conversions);
    }

    private static double ParseBound(string le) => le switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        _ => double.TryParse(le, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN,
    };
}

/// <summary>Prometheus' <c>histogram_quantile</c> on cumulative buckets: linear interpolation inside the bucket the rank falls in. Pure.</summary>
public static class HistogramQuantile
{
    /// <summary>The <paramref name="q"/> quantile, or null when the histogram counted nothing.</summary>
    public static double? Of(double q, IReadOnlyList<HistogramBucket> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Count == 0)
        {
            return null;
        }

        var ordered = buckets.OrderBy(b => b.UpperBound).ToList();
        var total = ordered[^1].Count;
        if (total <= 0)
        {
            return null;
        }

        var rank = q * total;
        var lowerBound = 0.0;
        var lowerCount = 0.0;
        foreach (var bucket in ordered)
        {
            if (bucket.Count >= rank)
            {
                if (double.IsPositiveInfinity(bucket.UpperBound))
                {
                    // Above the highest finite bound: that bound is all a histogram can say (Prometheus does the same).
                    return lowerBound;
                }

                var inBucket = bucket.Count - lowerCount;
                return inBucket <= 0 ? bucket.UpperBound : lowerBound + ((bucket.UpperBound - lowerBound) * (rank - lowerCount) / inBucket);
            }

            lowerBound = bucket.UpperBound;
            lowerCount = bucket.Count;
        }

        return lowerBound;
    }
}
